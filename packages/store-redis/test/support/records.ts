import { randomBytes } from 'node:crypto';
import type { SessionRecord } from '@tessera/core';

export const randomId = () => randomBytes(16).toString('base64url');

/** A session created now, idle for `idleSeconds`, absolute for `absoluteSeconds`. */
export function makeSession(overrides: Partial<SessionRecord> = {}, idleSeconds = 600, absoluteSeconds = 3600): SessionRecord {
  const now = Date.now();
  return {
    id: randomId(),
    tokenHash: randomBytes(32).toString('base64url'),
    userId: randomId(),
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + idleSeconds * 1000,
    absoluteExpiresAt: now + absoluteSeconds * 1000,
    userAgent: 'test-agent',
    ip: '203.0.113.7',
    data: {},
    ...overrides,
  };
}
