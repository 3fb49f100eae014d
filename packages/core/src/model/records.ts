/**
 * Records the stores persist. Times are epoch milliseconds (`…At` names) unless the
 * name says otherwise (`…Seconds`). Secrets never appear here: only their SHA-256 hashes.
 */

export interface UserRecord {
  /** Random, URL-safe, never reused. */
  id: string;
  /** Normalised (trimmed, lower-cased) address; unique across the store. */
  email: string;
  /** PHC string (`$argon2id$…`). */
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
  passwordChangedAt: number;
  /** When an operator disabled the account (epoch ms); null while it may log in. */
  disabledAt: number | null;
}

export interface SessionRecord {
  /** Public handle (128-bit random, base64url): listed to the user and used to revoke a device. Not a credential. */
  id: string;
  /** base64url SHA-256 of the session token the cookie carries. The token itself is never stored. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Sliding: moved forward on use (at most once per renewal interval). */
  idleExpiresAt: number;
  /** Fixed at creation; the session never outlives it. */
  absoluteExpiresAt: number;
  userAgent: string | null;
  ip: string | null;
  /** Application data, like Django's `request.session`. JSON-serialisable only. */
  data: Record<string, unknown>;
}

export interface RefreshFamilyRecord {
  /** Also the `sid` claim of every access token minted from this family. */
  id: string;
  userId: string;
  clientId: string;
  scope: string;
  audience: string;
  /**
   * The browser session a code-flow family was born in (the authorization code's session), null
   * for the password grant. Unless its scope has `offline_access`, the family ends with that
   * session (OIDC Core §11; logout/session-logout.ts).
   */
  sessionId: string | null;
  createdAt: number;
  /** Absolute lifetime of the whole family (TESSERA_REFRESH_TOKEN_TTL). */
  expiresAt: number;
  revokedAt: number | null;
}

export interface RefreshTokenRecord {
  /** base64url SHA-256 of the opaque token. */
  tokenHash: string;
  familyId: string;
  /** 0 for the token issued at login, parent + 1 for each rotation. */
  generation: number;
  createdAt: number;
  expiresAt: number;
  /** Set exactly once, by the rotation that spent it. */
  usedAt: number | null;
}

export type ClientType = 'public' | 'confidential';

export interface ClientRecord {
  id: string;
  name: string;
  type: ClientType;
  /** PHC/SHA-256 hash of the secret for confidential clients; null for public ones. */
  secretHash: string | null;
  grantTypes: string[];
  /** Scopes this client may request. */
  scopes: string[];
  /** Audiences (resource identifiers) this client may request tokens for. First entry is the default. */
  audiences: string[];
  /**
   * A resource server: may introspect access tokens issued for one of `audiences` (RFC 7662 §4)
   * and subscribe to the revocation stream. Confidential clients only.
   */
  introspect: boolean;
  /** May also introspect session cookie values (implies `introspect`). */
  introspectSessions: boolean;
  /** Registered redirect URIs, matched exactly (RFC 9700 §4.1.3; loopback ports per RFC 8252 §7.3). */
  redirectUris: string[];
  /** Where RP-initiated logout may send the user back (OIDC RP-Initiated Logout §3). */
  postLogoutRedirectUris: string[];
  /** Receives logout tokens (OIDC Back-Channel Logout §2.2); null: not registered. */
  backchannelLogoutUri: string | null;
  /** Operated by the same party as Tessera: the consent page is skipped. */
  firstParty: boolean;
  /** `id_token_signed_response_alg` (OIDC Registration §2); null: the server default (RS256). */
  idTokenSignedResponseAlg: SigningAlgorithm | null;
  createdAt: number;
}

/** An issued authorization code (OAuth 2.1 §4.1). The code itself is never stored. */
export interface AuthorizationCodeRecord {
  /** base64url SHA-256 of the code. */
  codeHash: string;
  clientId: string;
  userId: string;
  /** The exact redirect_uri of the authorization request; the token request must repeat it. */
  redirectUri: string;
  scope: string;
  /** RFC 8707 resources / audience the tokens are minted for. */
  audience: string;
  /** PKCE S256 challenge (RFC 7636 §4.2); `plain` is never accepted. */
  codeChallenge: string;
  /** OIDC nonce, echoed into the ID token; null when the request had none. */
  nonce: string | null;
  /** The browser session the user authenticated with (`sid` of the ID token, back-channel logout). */
  sessionId: string;
  /** When the user last authenticated (epoch ms; the ID token's `auth_time` in seconds). */
  authTime: number;
  /** Authentication methods (RFC 8176), e.g. ["pwd"]. */
  amr: string[];
  createdAt: number;
  expiresAt: number;
  /** Set exactly once, by the redemption that spent it. */
  consumedAt: number | null;
  /** The refresh family the redemption created (revoked if the code is replayed). */
  familyId: string | null;
}

/** A user's remembered consent for a client. */
export interface ConsentRecord {
  userId: string;
  clientId: string;
  /** Scopes the user allowed; a request within them skips the consent page. */
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

export type SigningAlgorithm = 'EdDSA' | 'ES256' | 'RS256' | 'PS256';

export interface SigningKeyRecord {
  kid: string;
  alg: SigningAlgorithm;
  /** Public JWK (with kid, alg, use). Published in the JWKS from `createdAt` until `retiresAt`. */
  publicJwk: Record<string, unknown>;
  /** Private JWK. Stored as the store sees fit (the SQL stores keep it in their own database). */
  privateJwk: Record<string, unknown>;
  /**
   * Monotonic generation; the store enforces uniqueness, which is what keeps N instances
   * starting at once from making N keys (the loser of the insert re-reads).
   */
  generation: number;
  createdAt: number;
  /** Signing starts here: publication precedes use by at least the longest JWKS cache lifetime. */
  activatesAt: number;
  /** Removed from the JWKS after this (null: not scheduled). */
  retiresAt: number | null;
}

/** What the denylist refuses: one access token (`jti`) or every token of a session / refresh family (`sid`). */
export type DenylistKind = 'jti' | 'sid';

export interface DenylistEntry {
  kind: DenylistKind;
  value: string;
  /** When the entry may be forgotten: the latest `exp` any token it covers can have. */
  expiresAt: number;
}

/**
 * A revocation, as published to other instances and to subscribed verifiers.
 * `subject` names what was revoked, by kind.
 */
export type RevocationSubject =
  | { kind: 'session'; sid: string; userId: string }
  | { kind: 'refresh_family'; sid: string; userId: string }
  | { kind: 'token'; jti: string; userId: string }
  | { kind: 'user'; userId: string };

export interface RevocationEvent {
  /** Assigned by the event log (monotonic, opaque to readers). Empty before append. */
  id: string;
  at: number;
  subject: RevocationSubject;
  /** Until when the revocation matters (the longest-lived token it covers). */
  expiresAt: number;
}

export interface AuditEventRecord {
  at: number;
  type: string;
  userId: string | null;
  ip: string | null;
  /** Never contains a secret. */
  detail: Record<string, unknown>;
}
