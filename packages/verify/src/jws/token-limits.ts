/**
 * Tokens longer than this are refused before any decoding (a Tessera access token is well under
 * 1 KiB; a bigger one is an attack on the parser or a misuse).
 */
export const MAX_TOKEN_LENGTH = 8192;
