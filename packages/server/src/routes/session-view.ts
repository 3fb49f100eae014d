import type { SessionRecord } from '@tessera/core';
import type { AppLogin } from '../auth/app-logins.js';

/**
 * How a sign-in is shown to its owner (CONTRACT.md `GET /auth/sessions`): ISO dates, never a
 * token or its hash. Browser sessions are `kind: "session"` with `client: null`.
 */
export function toSessionView(session: SessionRecord, currentId: string) {
  return {
    id: session.id,
    kind: 'session' as const,
    current: session.id === currentId,
    created_at: iso(session.createdAt),
    last_seen_at: iso(session.lastSeenAt),
    expires_at: iso(Math.min(session.idleExpiresAt, session.absoluteExpiresAt)),
    user_agent: session.userAgent,
    ip: session.ip,
    client: null,
  };
}

/** An app login (a live refresh family): `kind: "app"`, its client; no user agent or IP is recorded for it. */
export function toAppLoginView(login: AppLogin) {
  return {
    id: login.id,
    kind: 'app' as const,
    current: false,
    created_at: iso(login.createdAt),
    last_seen_at: iso(login.lastUsedAt),
    user_agent: null,
    ip: null,
    client: login.client,
  };
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
