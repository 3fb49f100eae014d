import type { SessionRecord } from '@tessera/core';

/** How a session is shown to its owner (CONTRACT.md): ISO dates, never the token or its hash. */
export function toSessionView(session: SessionRecord, currentId: string) {
  return {
    id: session.id,
    current: session.id === currentId,
    created_at: iso(session.createdAt),
    last_seen_at: iso(session.lastSeenAt),
    expires_at: iso(Math.min(session.idleExpiresAt, session.absoluteExpiresAt)),
    user_agent: session.userAgent,
    ip: session.ip,
  };
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
