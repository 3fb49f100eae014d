import type { TesseraErrorCode } from '@tessera/core';
import type { HttpProblemCode } from './http-problem.js';
import type { OAuthErrorCode } from './oauth-error-code.js';

/** Every error code a client can see, with its HTTP status and its RFC 6749 §5.2 name on `/oauth/*`. */
export interface CatalogEntry {
  status: number;
  title: string;
  /** The `error` value on `/oauth/*` (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2): registered names only. */
  oauthError: OAuthErrorCode;
}

export type ErrorCode = TesseraErrorCode | HttpProblemCode | 'server_error';

export const errorCatalog: Record<ErrorCode, CatalogEntry> = {
  // Core errors (packages/core/src/errors/tessera-error.ts).
  invalid_credentials: { status: 401, title: 'Invalid email or password', oauthError: 'invalid_grant' },
  email_taken: { status: 409, title: 'Email already registered', oauthError: 'invalid_request' },
  weak_password: { status: 400, title: 'Password rejected by policy', oauthError: 'invalid_request' },
  invalid_input: { status: 400, title: 'Invalid input', oauthError: 'invalid_request' },
  session_invalid: { status: 401, title: 'Not signed in', oauthError: 'invalid_request' },
  invalid_grant: { status: 400, title: 'Invalid grant', oauthError: 'invalid_grant' },
  invalid_client: { status: 401, title: 'Client authentication failed', oauthError: 'invalid_client' },
  unauthorized_client: { status: 400, title: 'Client not allowed to use this grant', oauthError: 'unauthorized_client' },
  introspection_not_allowed: { status: 403, title: 'Client may not introspect', oauthError: 'unauthorized_client' },
  invalid_scope: { status: 400, title: 'Invalid scope', oauthError: 'invalid_scope' },
  invalid_target: { status: 400, title: 'Invalid audience', oauthError: 'invalid_target' },
  client_exists: { status: 409, title: 'Client id taken', oauthError: 'invalid_request' },
  token_invalid: { status: 401, title: 'Invalid token', oauthError: 'invalid_token' },
  // RFC 6585 §4. RFC 6749 registers no code for it; its nearest is "temporarily unable to handle
  // the request" (§4.1.2.1), and clients key on the 429 and Retry-After anyway.
  rate_limited: { status: 429, title: 'Too many attempts', oauthError: 'temporarily_unavailable' },
  // Fail closed: a store we cannot reach means "try later", never "allowed" and never a 500.
  store_unavailable: { status: 503, title: 'Temporarily unavailable', oauthError: 'temporarily_unavailable' },
  not_found: { status: 404, title: 'Not found', oauthError: 'invalid_request' },
  // The authorization endpoint's refusals; the route redirects (302) or renders a page, never this JSON.
  authorization_refused: { status: 400, title: 'Authorization refused', oauthError: 'invalid_request' },
  invalid_redirect_uri: { status: 400, title: 'Redirect URI not registered', oauthError: 'invalid_request' },
  insufficient_scope: { status: 403, title: 'Insufficient scope', oauthError: 'insufficient_scope' },
  // The end-session endpoint renders it as a page (oauth/logout/end-session-route.ts), never JSON.
  logout_refused: { status: 400, title: 'Logout request refused', oauthError: 'invalid_request' },
  // Two-step login and passkeys (issue 12).
  invalid_second_factor: { status: 401, title: 'Invalid or used code', oauthError: 'invalid_grant' },
  mfa_token_invalid: { status: 401, title: 'Sign-in step expired', oauthError: 'invalid_grant' },
  passkey_rejected: { status: 400, title: 'Passkey not accepted', oauthError: 'invalid_request' },
  // Server-level refusals (./http-problem.ts).
  malformed_body: { status: 400, title: 'Malformed request body', oauthError: 'invalid_request' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type', oauthError: 'invalid_request' },
  payload_too_large: { status: 413, title: 'Request body too large', oauthError: 'invalid_request' },
  header_too_large: { status: 431, title: 'Request headers too large', oauthError: 'invalid_request' },
  origin_refused: { status: 403, title: 'Cross-origin request refused', oauthError: 'access_denied' },
  csrf_failed: { status: 403, title: 'CSRF token missing or wrong', oauthError: 'access_denied' },
  // An authenticated client this endpoint is not for (RFC 6749 §4.1.2.1's name; RFC 6750 §3.1 uses 403 alike).
  access_denied: { status: 403, title: 'Access denied', oauthError: 'access_denied' },
  unauthenticated: { status: 401, title: 'Authentication required', oauthError: 'invalid_client' },
  invalid_request: { status: 400, title: 'Invalid request', oauthError: 'invalid_request' },
  unsupported_grant_type: { status: 400, title: 'Unsupported grant type', oauthError: 'unsupported_grant_type' },
  // RFC 9110 §15.5.6, with `Allow`; OAuth names no code for it, so it is a malformed request.
  method_not_allowed: { status: 405, title: 'Method not allowed', oauthError: 'invalid_request' },
  shutting_down: { status: 503, title: 'Shutting down', oauthError: 'temporarily_unavailable' },
  server_error: { status: 500, title: 'Internal server error', oauthError: 'server_error' },
};
