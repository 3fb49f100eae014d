import { randomUUID } from 'node:crypto';
import { HEARTBEAT_EVENT, signSecurityEvent, type ActiveSigningKey } from '@tessera/core';

// A signed heartbeat (event type HEARTBEAT_EVENT) is the only thing that tells a verifier its
// revocation state is current: an unsigned SSE comment could be injected by anyone on the path
// (docs/microservices.md).

/** The SSE `event:` name of a heartbeat; `data:` is its SET. No `id:`, so `Last-Event-ID` stays on the last revocation. */
export const heartbeatEventName = 'heartbeat';

/**
 * A heartbeat SET for one subscriber: "at `iat` the issuer had read its revocation log and sent
 * this connection every event before it". `aud` is the subscribing client, like every SET on the
 * stream; `jti` is random (RFC 8417 §2.2 requires one).
 */
export async function signHeartbeat(key: ActiveSigningKey, issuer: string, audience: string, now: number): Promise<string> {
  const payload = {
    iss: issuer,
    jti: randomUUID(),
    // Milliseconds kept (RFC 7519 §2 allows fractions): the verifier measures staleness from it.
    iat: now / 1000,
    aud: audience,
    events: { [HEARTBEAT_EVENT]: {} },
  };
  return (await signSecurityEvent(payload, key)).token;
}

/** The SSE frame of a heartbeat. */
export function heartbeatFrame(securityEventToken: string): string {
  return `event: ${heartbeatEventName}\ndata: ${securityEventToken}\n\n`;
}
