import { randomBytes } from 'node:crypto';
import type { AuthorizationCodeRecord, RefreshFamilyRecord, RefreshTokenRecord, SessionRecord } from '@tessera/core';
import { expect } from 'vitest';
import type { SqlStores } from '../../src/index.js';

/**
 * Stores a mix of expired and live rows at an early fixed `now` (1970: nothing else in a shared
 * schema is that old) and checks that `purgeExpired` deletes exactly the expired ones.
 */
export async function checkPurgeExpired(stores: SqlStores): Promise<void> {
  const tag = randomBytes(6).toString('hex');
  const userId = `purge-user-${tag}`;
  const now = 1_000_000;
  const session = (name: string, idleExpiresAt: number, absoluteExpiresAt: number): SessionRecord => ({
    id: `${name}-${tag}`,
    tokenHash: `hash-${name}-${tag}`,
    userId,
    createdAt: 0,
    lastSeenAt: 0,
    idleExpiresAt,
    absoluteExpiresAt,
    userAgent: null,
    ip: null,
    data: {},
  });
  const family = (name: string, expiresAt: number): RefreshFamilyRecord => ({
    id: `${name}-${tag}`, userId, clientId: 'c', scope: '', audience: 'a', sessionId: null, createdAt: 0, expiresAt, revokedAt: null,
  });
  const token = (f: RefreshFamilyRecord): RefreshTokenRecord => ({
    tokenHash: `token-${f.id}`, familyId: f.id, generation: 0, createdAt: 0, expiresAt: f.expiresAt, usedAt: null,
  });

  const code = (name: string, expiresAt: number, consumedAt: number | null): AuthorizationCodeRecord => ({
    codeHash: `code-${name}-${tag}`, clientId: 'c', userId, redirectUri: 'https://app.example.test/cb', scope: 'openid', audience: 'a',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', nonce: null, sessionId: `s-${tag}`, authTime: 0, amr: ['pwd'],
    createdAt: 0, expiresAt, consumedAt, familyId: null,
  });

  await stores.sessions.create(session('idle-over', now - 1, now + 10));
  await stores.sessions.create(session('absolute-over', now + 10, now - 1));
  await stores.sessions.create(session('live', now + 10, now + 20));
  const oldFamily = family('old', now - 1);
  const newFamily = family('new', now + 1);
  await stores.refreshTokens.createFamily(oldFamily, token(oldFamily));
  await stores.refreshTokens.createFamily(newFamily, token(newFamily));
  await stores.denylist.add({ kind: 'jti', value: `gone-${tag}`, expiresAt: now });
  await stores.denylist.add({ kind: 'jti', value: `kept-${tag}`, expiresAt: now + 1 });
  const purgedEvent = await stores.revocationLog.append({ at: 0, subject: { kind: 'user', userId }, expiresAt: now - 1 });
  const keptEvent = await stores.revocationLog.append({ at: 0, subject: { kind: 'user', userId }, expiresAt: now });
  await stores.authorizationCodes.create(code('expired', now, null));
  await stores.authorizationCodes.create(code('spent-expired', now - 1, now - 2));
  const liveCode = code('live', now + 1, now);
  await stores.authorizationCodes.create(liveCode);

  expect(await stores.purgeExpired(now)).toEqual({ sessions: 2, refreshFamilies: 1, denylist: 1, revocationEvents: 1, authorizationCodes: 2 });
  expect((await stores.sessions.listByUser(userId)).map((s) => s.id)).toEqual([`live-${tag}`]);
  expect(await stores.refreshTokens.findToken(token(oldFamily).tokenHash)).toBeNull();
  expect(await stores.refreshTokens.findFamily(oldFamily.id)).toBeNull();
  expect(await stores.refreshTokens.findToken(token(newFamily).tokenHash)).not.toBeNull();
  const denied = (await stores.denylist.listActive(0)).filter((e) => e.value.endsWith(tag));
  expect(denied).toEqual([{ kind: 'jti', value: `kept-${tag}`, expiresAt: now + 1 }]);
  const events = await stores.revocationLog.listAfter(undefined, 1_000_000);
  expect(events.some((e) => e.id === purgedEvent.id)).toBe(false);
  expect(events).toContainEqual(keptEvent);
  // A spent code outlives its use until its expiry, so a replay within it is seen as reuse.
  expect(await stores.authorizationCodes.consume(liveCode.codeHash, now)).toEqual({ outcome: 'already_consumed', code: liveCode });
  expect(await stores.authorizationCodes.consume(code('expired', now, null).codeHash, now)).toEqual({ outcome: 'not_found' });
}
