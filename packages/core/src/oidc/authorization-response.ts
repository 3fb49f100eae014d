import type { AuthorizationRefusedError } from '../errors/tessera-error.js';
import type { AuthorizationTarget } from './authorization-request.js';

/** RFC 6749 §4.1.2: where the browser goes with the code. */
export function authorizationCodeRedirect(target: AuthorizationTarget, issuer: string, code: string): string {
  return responseUrl(target, issuer, { code });
}

/** RFC 6749 §4.1.2.1: where the browser goes with a refusal. */
export function authorizationErrorRedirect(target: AuthorizationTarget, issuer: string, error: AuthorizationRefusedError): string {
  return responseUrl(target, issuer, { error: error.oauthError, error_description: error.message });
}

/**
 * Every answer carries `state` (when sent) and `iss` (RFC 9207 §2, so a client of several servers
 * can tell whose answer it got). Parameters are added to the registered URI's own query, which
 * RFC 6749 §3.1.2 says must be kept.
 */
function responseUrl(target: AuthorizationTarget, issuer: string, answer: Record<string, string>): string {
  const url = new URL(target.redirectUri);
  for (const [name, value] of Object.entries(answer)) url.searchParams.set(name, value);
  if (target.state !== null) url.searchParams.set('state', target.state);
  url.searchParams.set('iss', issuer);
  return url.href;
}
