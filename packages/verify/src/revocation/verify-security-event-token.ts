import { decodePayload, splitCompactJws } from '../jws/compact-jws.js';
import { verifySignature } from '../jws/verify-signature.js';
import type { KeyResolver } from '../keys/key-resolver.js';
import { VerifyError } from '../verify-error.js';
import type { RevocationEntry, RevocationKind } from './revocation-set.js';

// The names below are spelled as in @tessera/core's sign-security-event-token.ts, which signs
// what this file reads (verify may not depend on core; a test there checks that the values agree).

/** The CAEP event type Tessera's revocation events use (OpenID CAEP 1.0 §3.1). */
export const SESSION_REVOKED_EVENT = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';

/** The event type of the stream's signed heartbeat (Tessera's, documented in docs/microservices.md). */
export const HEARTBEAT_EVENT = 'https://tessera.dev/secevent/heartbeat';

/** JWS `typ` of a Security Event Token (RFC 8417 §2.3): an access token can never pass as one. */
export const SECURITY_EVENT_TOKEN_TYPE = 'secevent+jwt';

const KINDS: readonly RevocationKind[] = ['session', 'refresh_family', 'token', 'user'];

/** What a Security Event Token must satisfy. */
export interface SecurityEventRules {
  readonly issuer: string;
  readonly algorithms: ReadonlySet<string>;
  /** The revocation-event keys (`tessera_revocation_events_jwks_uri`), never the access-token JWKS. */
  readonly keys: KeyResolver;
  /** This verifier's client id: every SET on the stream is addressed to it (`aud`). */
  readonly audience: string;
}

/**
 * The checks every SET on the stream passes (RFC 8417 §2.3, RFC 8725 §3.12): `typ`, the algorithm
 * allow-list, the signature with a revocation-event key, `iss`, `aud` naming this client, `iat`.
 * Returns the payload.
 */
async function verifySecurityEvent(token: string, rules: SecurityEventRules, now: number): Promise<Record<string, unknown> & { iat: number }> {
  const jws = splitCompactJws(token);
  if (jws.header.typ !== SECURITY_EVENT_TOKEN_TYPE) throw new VerifyError('invalid_type', 'event is not a security event token');
  if (!rules.algorithms.has(jws.header.alg)) throw new VerifyError('unsupported_algorithm', 'event algorithm is not allowed');
  const key = rules.keys.get(jws.header.kid, now) ?? (await rules.keys.load(jws.header.kid, now));
  verifySignature(jws, key);
  const payload = decodePayload(jws.payloadSegment);
  if (payload.iss !== rules.issuer) throw new VerifyError('issuer_mismatch', 'event issuer is not the expected issuer');
  const aud = payload.aud;
  const addressed = typeof aud === 'string' ? aud === rules.audience : Array.isArray(aud) && aud.includes(rules.audience);
  if (!addressed) throw new VerifyError('audience_mismatch', 'event is not addressed to this client');
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw new VerifyError('token_malformed', 'event "iat" is missing');
  return payload as Record<string, unknown> & { iat: number };
}

/**
 * Verifies a heartbeat SET and returns its `iat` in epoch ms: the moment the server attested that
 * this connection had every event before it. One from the future (beyond `toleranceMs`) is refused.
 */
export async function verifyHeartbeat(token: string, rules: SecurityEventRules, now: number, toleranceMs: number): Promise<number> {
  const payload = await verifySecurityEvent(token, rules, now);
  const events = payload.events as Record<string, unknown> | undefined;
  if (typeof events !== 'object' || events === null || typeof events[HEARTBEAT_EVENT] !== 'object') {
    throw new VerifyError('token_malformed', 'event has no heartbeat event');
  }
  const issuedAtMs = payload.iat * 1000;
  if (issuedAtMs > now + toleranceMs) throw new VerifyError('token_not_yet_valid', 'heartbeat "iat" is in the future');
  return issuedAtMs;
}

/** A verified revocation event. */
export interface VerifiedRevocationEvent {
  readonly entry: RevocationEntry;
  /** The SET's `iat` in epoch ms (fractional seconds keep their precision). */
  readonly issuedAtMs: number;
}

/**
 * Verifies one revocation event: a Security Event Token (RFC 8417) signed with the server's
 * revocation-event key (not an access-token key). The header `typ` must be `secevent+jwt` (RFC
 * 8417 §2.3, so an access token can never pass as an event or the reverse), `alg` is pinned by the
 * key, `iss` must be the issuer, `aud` must name this client, `jti` must equal the stream's event
 * id, and the payload must carry the CAEP `session-revoked` event and Tessera's `tessera` member
 * naming what was revoked.
 */
export async function verifyRevocationEvent(token: string, eventId: string | undefined, rules: SecurityEventRules, now: number): Promise<VerifiedRevocationEvent> {
  const payload = await verifySecurityEvent(token, rules, now);
  if (typeof payload.jti !== 'string' || (eventId !== undefined && payload.jti !== eventId)) {
    throw new VerifyError('token_malformed', 'event "jti" does not match the stream event id');
  }
  const iat = payload.iat;
  const events = payload.events as Record<string, unknown> | undefined;
  const event = typeof events === 'object' && events !== null ? events[SESSION_REVOKED_EVENT] : undefined;
  if (typeof event !== 'object' || event === null) throw new VerifyError('token_malformed', 'event has no session-revoked event');
  const eventTimestamp = (event as { event_timestamp?: unknown }).event_timestamp;
  const tessera = payload.tessera as Record<string, unknown> | undefined;
  if (typeof tessera !== 'object' || tessera === null) throw new VerifyError('token_malformed', 'event has no "tessera" member');
  const { kind, sid, jti, sub, until } = tessera;
  if (!KINDS.includes(kind as RevocationKind)) throw new VerifyError('token_malformed', 'event names an unknown revocation kind');
  if (typeof until !== 'number' || !Number.isFinite(until)) throw new VerifyError('token_malformed', 'event "until" is missing');
  const needed = kind === 'token' ? jti : kind === 'user' ? sub : sid;
  if (typeof needed !== 'string' || needed.length === 0) throw new VerifyError('token_malformed', 'event does not name what it revokes');
  const revokedAtSeconds = typeof eventTimestamp === 'number' && Number.isFinite(eventTimestamp) ? eventTimestamp : iat;
  const entry: RevocationEntry = {
    kind: kind as RevocationKind,
    ...(typeof sid === 'string' ? { sid } : {}),
    ...(typeof jti === 'string' ? { jti } : {}),
    ...(typeof sub === 'string' ? { sub } : {}),
    revokedAtSeconds,
    untilMs: until * 1000,
  };
  return { entry, issuedAtMs: iat * 1000 };
}
