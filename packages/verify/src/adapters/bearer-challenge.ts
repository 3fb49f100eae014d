import type { VerifyOptions } from '../verifier-options.js';
import { VerifyError } from '../verify-error.js';

/** Per-route options of every adapter: scopes this route needs, and its staleness budget. */
export type AuthOptions = VerifyOptions;

/** The HTTP answer to a refused request (RFC 6750 §3). */
export interface AuthFailure {
  readonly status: 401 | 403;
  readonly headers: { readonly 'www-authenticate': string; readonly 'content-type': 'application/json'; readonly 'cache-control': 'no-store' };
  readonly body: { readonly error: 'invalid_token' | 'insufficient_scope'; readonly error_description: string };
}

/** RFC 6750 §2.1: `Bearer` (any case), one or more spaces, a b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The token of an `Authorization: Bearer …` header, `undefined` when there is none (so the
 * verifier answers `token_missing`). A `Bearer` header that is not a b64token throws
 * `token_malformed`. Other schemes count as no token.
 */
export function bearerToken(authorization: string | readonly string[] | undefined): string | undefined {
  const value = typeof authorization === 'string' ? authorization : authorization?.[0];
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const match = BEARER.exec(value);
  if (match !== null) return match[1];
  if (/^Bearer(\s|$)/i.test(value)) throw new VerifyError('token_malformed', 'the bearer credential is not a valid token');
  return undefined;
}

/** RFC 6750 §3: error_description may only use %x20-21 / %x23-5B / %x5D-7E. */
function quotable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, ' ');
}

/**
 * The 401/403 answer for a refused token: `WWW-Authenticate: Bearer error="invalid_token",
 * error_description="…"` (no error attributes when no token was sent at all, RFC 6750 §3.1), or
 * 403 `insufficient_scope` naming the scopes the route needs; the same as JSON
 * `{ error, error_description }`.
 */
export function authFailure(error: VerifyError, requiredScopes?: readonly string[]): AuthFailure {
  const description = quotable(error.message);
  const json = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;
  if (error.code === 'insufficient_scope') {
    const scope = requiredScopes !== undefined && requiredScopes.length > 0 ? `, scope="${quotable(requiredScopes.join(' '))}"` : '';
    return {
      status: 403,
      headers: { 'www-authenticate': `Bearer error="insufficient_scope", error_description="${description}"${scope}`, ...json },
      body: { error: 'insufficient_scope', error_description: description },
    };
  }
  const challenge = error.code === 'token_missing' ? 'Bearer' : `Bearer error="invalid_token", error_description="${description}"`;
  return { status: 401, headers: { 'www-authenticate': challenge, ...json }, body: { error: 'invalid_token', error_description: description } };
}
