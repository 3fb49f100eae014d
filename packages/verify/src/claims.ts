/**
 * The claims of an accepted token: the JWT payload of an RFC 9068 access token (epoch seconds, as
 * JWT requires), or the RFC 7662 introspection answer for an opaque token or session id. Unknown
 * claims are kept as they came.
 *
 * For a JWT, `iss`, `sub`, `aud`, `exp`, `iat`, `jti` and `client_id` are always present (RFC 9068
 * §2.2 requires them and the verifier refuses tokens without them): see {@link AccessTokenClaims}.
 */
export interface Claims {
  readonly iss: string;
  readonly sub: string;
  readonly aud?: string | readonly string[];
  /** Expiry, epoch seconds. */
  readonly exp: number;
  /** Issued at, epoch seconds. */
  readonly iat?: number;
  readonly nbf?: number;
  readonly jti?: string;
  readonly client_id?: string;
  /** Space-separated scope tokens (RFC 8693 §4.2 / RFC 9068 §2.2.3). */
  readonly scope?: string;
  /** Tessera: the session or refresh family the token belongs to. */
  readonly sid?: string;
  readonly [claim: string]: unknown;
}

/**
 * The claims of a verified JWT access token: RFC 9068 §2.2's required claims are there. A verifier
 * without `introspection` accepts JWTs only, so its `verify` resolves with these. Kept structurally
 * identical to `@tessera/core`'s `AccessTokenClaims` (a type-level test there fails on drift).
 */
export interface AccessTokenClaims extends Claims {
  readonly aud: string | readonly string[];
  readonly iat: number;
  readonly jti: string;
  readonly client_id: string;
}
