import type { AccessTokenClaims } from './claims.js';
import { VerifyError } from './verify-error.js';

/** What the claims of an access token must satisfy. */
export interface ClaimRules {
  readonly issuer: string;
  /**
   * The token's `aud` must contain at least one of these. `undefined` (`audience: false`): any
   * audience, but `aud` must still be there and well-formed; the caller checks it.
   */
  readonly audiences: readonly string[] | undefined;
  readonly clockToleranceSeconds: number;
}

/** RFC 9068 §2.2: string claims every access token carries. */
const REQUIRED_STRING_CLAIMS = ['sub', 'jti', 'client_id'] as const;

/**
 * Checks a decoded access-token payload, with the same time semantics as `jose.jwtVerify`
 * (`exp` is refused when `exp <= now - tolerance`, `nbf` when `nbf > now + tolerance`, with `now`
 * in whole seconds), plus RFC 9068's required claims and an `iat` that is not in the future.
 * Returns the payload as {@link AccessTokenClaims}: these checks are what make it one.
 */
export function checkAccessTokenClaims(payload: Record<string, unknown>, rules: ClaimRules, nowSeconds: number): AccessTokenClaims {
  const { iss, aud, exp, nbf, iat } = payload;
  if (iss !== rules.issuer) throw new VerifyError('issuer_mismatch', 'token issuer is not the expected issuer');
  if (rules.audiences === undefined) {
    if (!wellFormedAudience(aud)) throw new VerifyError('token_malformed', 'token "aud" claim is missing or not a string or array of strings');
  } else if (!audienceMatches(aud, rules.audiences)) throw new VerifyError('audience_mismatch', 'token is not meant for this audience');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new VerifyError('token_malformed', 'token "exp" claim is missing or not a number');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new VerifyError('token_malformed', 'token "iat" claim is missing or not a number');
  const tolerance = rules.clockToleranceSeconds;
  if (exp <= nowSeconds - tolerance) throw new VerifyError('token_expired', 'token has expired');
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || !Number.isFinite(nbf)) throw new VerifyError('token_malformed', 'token "nbf" claim is not a number');
    if (nbf > nowSeconds + tolerance) throw new VerifyError('token_not_yet_valid', 'token is not valid yet');
  }
  if (iat > nowSeconds + tolerance) throw new VerifyError('token_not_yet_valid', 'token was issued in the future');
  for (const claim of REQUIRED_STRING_CLAIMS) {
    if (typeof payload[claim] !== 'string') throw new VerifyError('token_malformed', `token "${claim}" claim is missing or not a string`);
  }
  if (payload.scope !== undefined && typeof payload.scope !== 'string') throw new VerifyError('token_malformed', 'token "scope" claim is not a string');
  if (payload.sid !== undefined && typeof payload.sid !== 'string') throw new VerifyError('token_malformed', 'token "sid" claim is not a string');
  return payload as AccessTokenClaims;
}

/** RFC 7519 §4.1.3 / RFC 9068 §2.2: a non-empty string, or a non-empty array of them. */
function wellFormedAudience(aud: unknown): boolean {
  if (typeof aud === 'string') return aud.length > 0;
  return Array.isArray(aud) && aud.length > 0 && aud.every((member) => typeof member === 'string' && member.length > 0);
}

/** `aud` as a string or an array of strings containing one of `audiences` (RFC 7519 §4.1.3). */
export function audienceMatches(aud: unknown, audiences: readonly string[]): boolean {
  if (typeof aud === 'string') return audiences.includes(aud);
  if (!Array.isArray(aud)) return false;
  for (const member of aud) if (typeof member === 'string' && audiences.includes(member)) return true;
  return false;
}

/** The space-separated scope tokens of a `scope` claim (RFC 6749 §3.3: case-sensitive). */
export function scopeSet(scope: unknown): ReadonlySet<string> {
  return new Set(typeof scope === 'string' ? scope.split(' ').filter((token) => token.length > 0) : []);
}

/** Throws `insufficient_scope` unless every required scope is granted. */
export function checkScopes(granted: ReadonlySet<string>, required: readonly string[]): void {
  for (const scope of required) {
    if (!granted.has(scope)) throw new VerifyError('insufficient_scope', 'token lacks a required scope');
  }
}
