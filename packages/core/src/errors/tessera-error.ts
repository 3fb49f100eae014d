/**
 * Every error the core raises on purpose. `code` is stable and documented (docs/errors.md);
 * `message` is for operators and never contains a secret (no token, password or session id).
 * The HTTP layer maps codes to status and body; anything that is not a TesseraError is a 500.
 */
export abstract class TesseraError extends Error {
  abstract readonly code: TesseraErrorCode;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Every stable code, documented in docs/errors.md (a test keeps the two in step). */
export const tesseraErrorCodes = [
  'invalid_credentials',
  'email_taken',
  'weak_password',
  'invalid_input',
  'session_invalid',
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'introspection_not_allowed',
  'invalid_scope',
  'invalid_target',
  'client_exists',
  'token_invalid',
  'rate_limited',
  'store_unavailable',
  'not_found',
  'authorization_refused',
  'invalid_redirect_uri',
  'insufficient_scope',
  'logout_refused',
  'invalid_second_factor',
  'mfa_token_invalid',
  'passkey_rejected',
] as const;

export type TesseraErrorCode = (typeof tesseraErrorCodes)[number];

/** Wrong password and unknown email are this same error, by design (no account enumeration). */
export class InvalidCredentialsError extends TesseraError {
  readonly code = 'invalid_credentials';
  constructor() {
    super('Invalid email or password');
  }
}

export class EmailTakenError extends TesseraError {
  readonly code = 'email_taken';
  constructor() {
    super('An account with this email already exists');
  }
}

/** A password rejected by policy (length, blocklist). `reason` is safe to show the user. */
export class WeakPasswordError extends TesseraError {
  readonly code = 'weak_password';
  constructor(
    readonly reason: 'too_short' | 'too_long' | 'common' | 'contains_email' | 'same_as_current',
    message: string,
  ) {
    super(message);
  }
}

/** Input that is well-formed JSON but not acceptable (field rules). */
export class InvalidInputError extends TesseraError {
  readonly code = 'invalid_input';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The session is unknown, expired or revoked. */
export class SessionInvalidError extends TesseraError {
  readonly code = 'session_invalid';
  constructor(message = 'Session is not valid') {
    super(message);
  }
}

/** RFC 6749 §5.2 invalid_grant: bad, expired, spent or revoked refresh token or credentials. */
export class InvalidGrantError extends TesseraError {
  readonly code = 'invalid_grant';
}

/**
 * The password grant's wrong username or password (RFC 6749 §5.2 names this invalid_grant), kept
 * apart by class so the login throttle counts it as the `/auth/login` failure it mirrors.
 */
export class InvalidResourceOwnerCredentialsError extends InvalidGrantError {
  constructor(options?: ErrorOptions) {
    super('invalid username or password', options);
  }
}

/**
 * A spent refresh token presented again outside the grace window (RFC 9700 §4.14.2): the core has
 * already revoked its family and the family's access tokens. The OAuth answer is invalid_grant.
 */
export class RefreshTokenReuseError extends InvalidGrantError {
  constructor(readonly familyId: string) {
    super('refresh token was already used; its family is revoked');
  }
}

/** RFC 6749 §5.2 invalid_client: client authentication failed. */
export class InvalidClientError extends TesseraError {
  readonly code = 'invalid_client';
}

/** RFC 6749 §5.2 unauthorized_client: the client may not use this grant. */
export class UnauthorizedClientError extends TesseraError {
  readonly code = 'unauthorized_client';
}

/**
 * RFC 7662 §2.1/§4: an authenticated client that is not registered to introspect (`--introspect`).
 * The OAuth error is `unauthorized_client`; its own code keeps its 403 apart from the grant's 400.
 */
export class IntrospectionNotAllowedError extends TesseraError {
  readonly code = 'introspection_not_allowed';
}

export class InvalidScopeError extends TesseraError {
  readonly code = 'invalid_scope';
}

/** RFC 8707 §2: the requested audience/resource is not allowed for this client. */
export class InvalidTargetError extends TesseraError {
  readonly code = 'invalid_target';
}

export class ClientExistsError extends TesseraError {
  readonly code = 'client_exists';
  constructor() {
    super('A client with this id already exists');
  }
}

/** An access token that does not verify, or is revoked. */
export class TokenInvalidError extends TesseraError {
  readonly code = 'token_invalid';
}

export class RateLimitedError extends TesseraError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super('Too many attempts');
  }
}

/** A backing store could not be reached or failed; maps to 503 (fail closed), never to 500. */
export class StoreUnavailableError extends TesseraError {
  readonly code = 'store_unavailable';
  constructor(
    readonly store: string,
    options?: ErrorOptions,
  ) {
    super(`${store} is unavailable`, options);
  }
}

export class NotFoundError extends TesseraError {
  readonly code = 'not_found';
}

/** What the authorization endpoint may answer in a redirect (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 8707 §2). */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'request_not_supported'
  | 'request_uri_not_supported';

/**
 * The authorization endpoint refuses a request whose client and redirect URI are known good, so the
 * refusal goes back to the client: `redirect_uri?error=<oauthError>&error_description=<message>`.
 */
export class AuthorizationRefusedError extends TesseraError {
  readonly code = 'authorization_refused';
  constructor(
    readonly oauthError: AuthorizationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A `redirect_uri` that is missing, repeated or not registered for the client. RFC 6749 §4.1.2.1:
 * never redirected to (it would make the server an open redirector); the user sees an error page.
 */
export class InvalidRedirectUriError extends TesseraError {
  readonly code = 'invalid_redirect_uri';
}

/** RFC 6750 §3.1: the access token is valid but lacks a scope the resource needs (UserInfo needs `openid`). */
export class InsufficientScopeError extends TesseraError {
  readonly code = 'insufficient_scope';
}

/**
 * An RP-initiated logout request (OIDC RP-Initiated Logout 1.0 §2, §3) that names an unknown client,
 * carries an `id_token_hint` this server did not sign (or for another client), or asks to return to a
 * `post_logout_redirect_uri` the client has not registered. Shown to the user; never redirected.
 */
export class LogoutRefusedError extends TesseraError {
  readonly code = 'logout_refused';
  constructor(
    readonly reason: 'invalid_request' | 'bad_id_token_hint' | 'unknown_client' | 'bad_post_logout_redirect_uri',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A wrong, malformed or already-used second-factor code (TOTP or recovery code). One answer for
 * every case, so the response does not say whether a code was right but spent. Counted by the
 * second-factor throttle like a wrong password.
 */
export class InvalidSecondFactorError extends TesseraError {
  readonly code = 'invalid_second_factor';
  constructor() {
    super('Invalid or already used code');
  }
}

/** The `mfa_token` of a two-step login is malformed, forged or expired: start again with the password. */
export class MfaTokenInvalidError extends TesseraError {
  readonly code = 'mfa_token_invalid';
  constructor() {
    super('The sign-in step expired or is not valid; sign in with your password again');
  }
}

/** A WebAuthn ceremony failed: unknown or spent challenge, unknown credential, or a response that does not verify. */
export class PasskeyRejectedError extends TesseraError {
  readonly code = 'passkey_rejected';
  constructor(message = 'The passkey could not be verified', options?: ErrorOptions) {
    super(message, options);
  }
}
