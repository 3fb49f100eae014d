import { CompactSign } from 'jose';
import type { ActiveSigningKey } from '../keys/signing-key.js';
import type { RevocationEvent, RevocationSubject } from '../model/records.js';

// The names below are spelled as in @tessera/verify's verify-security-event-token.ts, which reads
// what this file signs; test/tokens/vocabulary.test.ts checks that the values agree.

/** The CAEP event type every Tessera revocation event carries (OpenID CAEP 1.0 §3.1). */
export const SESSION_REVOKED_EVENT = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';

/**
 * The event type of the revocation stream's signed heartbeat (Tessera's own, RFC 8417 §2.2
 * `events`; documented in docs/microservices.md).
 */
export const HEARTBEAT_EVENT = 'https://tessera.dev/secevent/heartbeat';

/** JWS `typ` of a Security Event Token (RFC 8417 §2.3): an access token can never pass as one. */
export const SECURITY_EVENT_TOKEN_TYPE = 'secevent+jwt';

/** What was revoked, in the SET's private `tessera` member (what a verifier matches tokens against). */
export interface TesseraRevocationClaim {
  kind: RevocationSubject['kind'];
  /** `session`, `refresh_family`: the `sid` every token of that session or family carries. */
  sid?: string;
  /** `token`: the revoked access token's `jti`. */
  jti?: string;
  /** The user (every kind): for `user`, tokens of this `sub` issued at or before the event are revoked. */
  sub: string;
  /** Epoch seconds after which no token this event covers can still be valid (a verifier forgets it then). */
  until: number;
}

/** The payload of a revocation SET (RFC 8417 §2.2 with the CAEP `session-revoked` event). */
export interface SecurityEventTokenPayload {
  iss: string;
  /** The event's id in the revocation log, which is also its SSE `id:` (so `Last-Event-ID` resumes after it). */
  jti: string;
  /** When the revocation happened, epoch seconds with millisecond precision (RFC 7519 §2 allows fractions). */
  iat: number;
  aud?: string | string[];
  events: {
    [SESSION_REVOKED_EVENT]: {
      subject: { format: 'opaque'; id: string };
      event_timestamp: number;
    };
  };
  tessera: TesseraRevocationClaim;
}

export interface SecurityEventTokenOptions {
  issuer: string;
  /** RFC 8417 §2.2 `aud`: the stream sets the subscribing client's `client_id` (docs/microservices.md). */
  audience?: string | string[];
}

/**
 * The SET payload for one revocation event. Deterministic: the same event gives the same payload
 * however often, and on whichever instance, it is signed, so a replay after a restart carries the
 * same `iat` and a verifier's observed delay is "revoked → refused", not "signed → received".
 *
 * The CAEP `subject` is the session or family id for `session`/`refresh_family` and the user id
 * otherwise (opaque identifiers: no email, never a token).
 */
export function securityEventTokenPayload(event: RevocationEvent, options: SecurityEventTokenOptions): SecurityEventTokenPayload {
  if (event.id === '') throw new TypeError('a revocation event gets its id from the log before it is published');
  const { subject } = event;
  const at = event.at / 1000;
  const tessera: TesseraRevocationClaim = {
    kind: subject.kind,
    ...(subject.kind === 'session' || subject.kind === 'refresh_family' ? { sid: subject.sid } : {}),
    ...(subject.kind === 'token' ? { jti: subject.jti } : {}),
    sub: subject.userId,
    // Rounded up: the revocation must never be forgotten before the last token it covers expires.
    until: Math.ceil(event.expiresAt / 1000),
  };
  const subjectId = subject.kind === 'session' || subject.kind === 'refresh_family' ? subject.sid : subject.userId;
  return {
    iss: options.issuer,
    jti: event.id,
    iat: at,
    ...(options.audience === undefined ? {} : { aud: options.audience }),
    events: {
      [SESSION_REVOKED_EVENT]: {
        subject: { format: 'opaque', id: subjectId },
        event_timestamp: at,
      },
    },
    tessera,
  };
}

/** A signed SET and the key that signed it (a cached SET is re-signed once that key stops signing). */
export interface SignedSecurityEventToken {
  token: string;
  kid: string;
}

/**
 * Signs a revocation event as a Security Event Token (RFC 8417) with the key `keys` gives. The
 * stream passes the revocation-event key (`KeyManager.revocationEventKey`), never an access-token
 * key (RFC 8725 §3.12). Header: `alg` of the key, `kid`, `typ: secevent+jwt`. No `exp` and no `sub` claim
 * (RFC 8417 §2.2: a SET is not an access token and must not be mistaken for one).
 *
 * @example
 * ```ts
 * const event = await tessera.revocation.revokeSid('session', sid, userId);
 * const keys = { signingKey: () => tessera.keys.revocationEventKey() };
 * const { token } = await signSecurityEventToken(event, keys, { issuer: tessera.settings.issuer, audience: 'orders-api' });
 * ```
 */
export async function signSecurityEventToken(
  event: RevocationEvent,
  keys: { signingKey(): Promise<ActiveSigningKey> },
  options: SecurityEventTokenOptions,
): Promise<SignedSecurityEventToken> {
  return signSecurityEvent(securityEventTokenPayload(event, options), await keys.signingKey());
}

/** Signs any SET payload (a revocation, the stream's heartbeat) with `typ: secevent+jwt` (RFC 8417 §2.3). */
export async function signSecurityEvent(payload: object, key: ActiveSigningKey): Promise<SignedSecurityEventToken> {
  const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: SECURITY_EVENT_TOKEN_TYPE })
    .sign(key.privateKey);
  return { token, kid: key.kid };
}
