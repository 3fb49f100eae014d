import type { VerifyOptions } from '../verifier-options.js';
import { VerifyError, type VerifyErrorCode } from '../verify-error.js';

/** Per-route options of every adapter: scopes this route needs, and its staleness budget. */
export type AuthOptions = VerifyOptions;

/** Seconds a client is asked to wait (`Retry-After`) when the verifier cannot decide right now. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Codes that say nothing about the token: the verifier could not decide (keys, introspection or
 * revocation state unavailable). A 401 would make a client throw away a good token, so the
 * adapters answer 503 for them.
 */
const OUTAGE_CODES: ReadonlySet<VerifyErrorCode> = new Set(['jwks_unavailable', 'introspection_failed', 'revocation_state_stale']);

/** True when `code` means "cannot decide now" rather than "this token is refused". */
export function isOutage(code: VerifyErrorCode): boolean {
  return OUTAGE_CODES.has(code);
}

/** The HTTP answer to a refused request: RFC 6750 §3 for token refusals, 503 for outages. */
export interface AuthFailure {
  readonly status: 401 | 403 | 503;
  /** `www-authenticate` on 401/403, `retry-after` on 503; always JSON and `no-store`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: 'invalid_token' | 'insufficient_scope' | 'temporarily_unavailable'; readonly error_description: string };
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
 * The answer for a request the verifier did not accept:
 *
 * - 401 with `WWW-Authenticate: Bearer error="invalid_token", error_description="…"` for a refused
 *   token (no error attributes when no token was sent at all, RFC 6750 §3.1);
 * - 403 `insufficient_scope` naming the scopes the route needs;
 * - 503 with `Retry-After` and no challenge when the verifier could not decide (`jwks_unavailable`,
 *   `introspection_failed`, `revocation_state_stale`): the token was not found bad, so the client
 *   must keep it and retry (RFC 9110 §15.6.4). The body borrows RFC 6749 §4.1.2.1's
 *   `temporarily_unavailable`.
 *
 * Every body is JSON `{ error, error_description }`.
 */
export function authFailure(error: VerifyError, requiredScopes?: readonly string[]): AuthFailure {
  const description = quotable(error.message);
  const json = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;
  if (isOutage(error.code)) {
    return {
      status: 503,
      headers: { 'retry-after': String(OUTAGE_RETRY_AFTER_SECONDS), ...json },
      body: { error: 'temporarily_unavailable', error_description: description },
    };
  }
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
