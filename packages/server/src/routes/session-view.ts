import type { SessionRecord } from '@tessera/core';
import { z } from 'zod';
import type { AppLogin } from '../auth/app-logins.js';

/** One sign-in in the device list, as the OpenAPI component `SignIn` (docs/http-api.md#sessions). */
export const signInViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['session', 'app']).describe('A browser session, or an app login (a live refresh-token family)'),
    current: z.boolean().describe('The browser session that asks'),
    created_at: z.iso.datetime(),
    last_seen_at: z.iso.datetime(),
    expires_at: z.iso.datetime().optional().describe('Browser sessions: the earlier of the idle and absolute expiry'),
    user_agent: z.string().nullable(),
    ip: z.string().nullable(),
    client: z.object({ id: z.string(), name: z.string() }).nullable().describe('The app of an app login; null for a browser session'),
  })
  .meta({ id: 'SignIn' });

/**
 * How a sign-in is shown to its owner (docs/http-api.md#sessions, `GET /auth/sessions`): ISO
 * dates, never a token or its hash. Browser sessions are `kind: "session"` with `client: null`.
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
