/**
 * Every reason a verification can fail, as a stable string union so callers can `switch` on it.
 *
 * | code | meaning |
 * | --- | --- |
 * | `token_missing` | no token at all (no `Authorization: Bearer` header) |
 * | `token_malformed` | not a compact JWS, bad base64url/JSON, over the size limit, a required claim missing |
 * | `unsupported_algorithm` | `alg` is `none`, not allowed, or does not match the key's type |
 * | `invalid_type` | header `typ` is not `at+jwt` (or `secevent+jwt` for revocation events), or an introspected token is not an access token |
 * | `unknown_key` | no key in the JWKS has the header's `kid` (after at most one refetch per cooldown) |
 * | `invalid_signature` | the signature does not verify |
 * | `token_expired` | `exp` is past (beyond the clock tolerance) |
 * | `token_not_yet_valid` | `nbf` or `iat` is in the future (beyond the clock tolerance) |
 * | `issuer_mismatch` | `iss` is not the configured issuer |
 * | `audience_mismatch` | `aud` does not contain the configured audience |
 * | `insufficient_scope` | a required scope is missing from `scope` |
 * | `revoked` | the token, its session or refresh family, or its user was revoked (pushed state or introspection) |
 * | `revocation_state_stale` | the pushed revocation state is older than the `maxStaleness` budget: fail closed |
 * | `introspection_failed` | the introspection endpoint could not be asked or answered nonsense: fail closed |
 * | `jwks_unavailable` | the metadata or JWKS could not be fetched and no usable key is known |
 */
export type VerifyErrorCode =
  | 'token_missing'
  | 'token_malformed'
  | 'unsupported_algorithm'
  | 'invalid_type'
  | 'unknown_key'
  | 'invalid_signature'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'insufficient_scope'
  | 'revoked'
  | 'revocation_state_stale'
  | 'introspection_failed'
  | 'jwks_unavailable';

/** All codes, in documentation order (the README's table and the metrics use it). */
export const VERIFY_ERROR_CODES: readonly VerifyErrorCode[] = Object.freeze([
  'token_missing',
  'token_malformed',
  'unsupported_algorithm',
  'invalid_type',
  'unknown_key',
  'invalid_signature',
  'token_expired',
  'token_not_yet_valid',
  'issuer_mismatch',
  'audience_mismatch',
  'insufficient_scope',
  'revoked',
  'revocation_state_stale',
  'introspection_failed',
  'jwks_unavailable',
]);

/**
 * The one error `@tessera/verify` throws for a token it refuses. `code` is stable; `message` is a
 * short public description that never contains the token, a claim value or a session id, so it
 * is safe to log and to send as an RFC 6750 `error_description`.
 *
 * Misuse (bad options) is not a `VerifyError`: it throws `TypeError` at construction time.
 *
 * @example
 * ```ts
 * try {
 *   const claims = await verifier.verify(token);
 * } catch (error) {
 *   if (error instanceof VerifyError && error.code === 'token_expired') { … }
 *   throw error;
 * }
 * ```
 */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  /** The stable reason, see {@link VerifyErrorCode}. */
  readonly code: VerifyErrorCode;

  constructor(code: VerifyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True for a `VerifyError` (also across copies of this package loaded twice). */
export function isVerifyError(error: unknown): error is VerifyError {
  return error instanceof VerifyError || (error instanceof Error && error.name === 'VerifyError' && typeof (error as { code?: unknown }).code === 'string');
}
