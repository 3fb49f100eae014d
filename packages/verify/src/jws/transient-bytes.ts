import { MAX_TOKEN_LENGTH } from './token-limits.js';

/**
 * Reused byte buffers for the hot path. Allocating three `Buffer`s per verification (signing input,
 * signature, payload) churns Node's buffer pool, and each new pool is a fresh `ArrayBuffer` the
 * garbage collector must track: measurably slower than writing into buffers that already exist.
 *
 * Every view returned here is valid only until the next call that fills the same buffer, so it
 * must be used synchronously (never across an `await`). The verifier decodes right before it
 * verifies, in the same synchronous step.
 */
// UTF-8 needs at most 3 bytes per UTF-16 code unit, so a token within the limit always fits.
const TEXT = Buffer.allocUnsafeSlow(MAX_TOKEN_LENGTH * 3);
const SIGNATURE = Buffer.allocUnsafeSlow(MAX_TOKEN_LENGTH);

/** The UTF-8 bytes of `text` (at most `MAX_TOKEN_LENGTH` code units), in a reused buffer. */
export function transientUtf8(text: string): Buffer {
  if (text.length > MAX_TOKEN_LENGTH) return Buffer.from(text, 'utf8');
  return TEXT.subarray(0, TEXT.write(text, 0, 'utf8'));
}

/** A decoded signature segment, in a reused buffer (decoding skips foreign characters, as `Buffer.from` does). */
export function transientSignature(segment: string): Buffer {
  if (segment.length > MAX_TOKEN_LENGTH) return Buffer.from(segment, 'base64url');
  return SIGNATURE.subarray(0, SIGNATURE.write(segment, 0, 'base64url'));
}

/** Decodes a base64url segment and returns its bytes as a UTF-8 string (no intermediate `Buffer`). */
export function base64urlToUtf8(segment: string): string {
  if (segment.length > MAX_TOKEN_LENGTH) return Buffer.from(segment, 'base64url').toString('utf8');
  return TEXT.toString('utf8', 0, TEXT.write(segment, 0, 'base64url'));
}
