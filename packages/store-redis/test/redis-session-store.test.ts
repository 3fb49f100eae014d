import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStores, KeySpace } from '../src/index.js';
import { backends, listKeys, openStores, useRedisBackend } from './support/backends.js';
import { makeSession, randomId } from './support/records.js';

// Redis-specific behaviour of the session store: key layout, expiry, index upkeep. The shared
// contract (contract.test.ts) covers the port's semantics.
for (const backend of backends) {
  describe.runIf(backend.enabled)(`RedisSessionStore (${backend.kind})`, () => {
    const redis = useRedisBackend(backend.kind);
    let stores: ReturnType<typeof openStores>;
    let keys: KeySpace;
    beforeAll(() => {
      stores = openStores(redis.url());
      keys = new KeySpace(stores.prefix);
    });
    afterAll(async () => {
      await stores.dispose();
    });

    it('keys the record by token hash and expires it at min(idle, absolute)', async () => {
      const session = makeSession({}, 600, 3600);
      await stores.sessions.create(session);
      expect(await stores.client.pexpiretime(keys.session(session.tokenHash))).toBe(session.idleExpiresAt);
      expect(await stores.client.pexpiretime(keys.sessionId(session.id))).toBe(session.idleExpiresAt);
      expect(await stores.client.pexpiretime(keys.userSessions(session.userId))).toBe(session.idleExpiresAt);

      const capped = makeSession({}, 3600, 600);
      await stores.sessions.create(capped);
      expect(await stores.client.pexpiretime(keys.session(capped.tokenHash))).toBe(capped.absoluteExpiresAt);
    });

    it('round-trips every field, nulls and nested data included', async () => {
      const session = makeSession({ userAgent: null, ip: null, data: { cart: [1, 2], nested: { ok: true }, text: 'x' } });
      await stores.sessions.create(session);
      expect(await stores.sessions.findByTokenHash(session.tokenHash)).toEqual(session);
      expect(await stores.sessions.findById(session.id)).toEqual(session);
      expect(await stores.sessions.findByTokenHash(randomId())).toBeNull();
      expect(await stores.sessions.findById(randomId())).toBeNull();
    });

    it('touch slides the expiry of record, pointer and index, never past the absolute expiry', async () => {
      const session = makeSession({}, 60, 600);
      await stores.sessions.create(session);
      const later = session.createdAt + 30_000;
      await stores.sessions.touch(session.id, later, later + 60_000);
      expect(await stores.client.pexpiretime(keys.session(session.tokenHash))).toBe(later + 60_000);
      expect(await stores.client.pexpiretime(keys.sessionId(session.id))).toBe(later + 60_000);
      expect(await stores.client.zscore(keys.userSessions(session.userId), session.tokenHash)).toBe(String(later + 60_000));
      expect(await stores.sessions.findById(session.id)).toMatchObject({ lastSeenAt: later, idleExpiresAt: later + 60_000 });

      await stores.sessions.touch(session.id, later, session.absoluteExpiresAt + 60_000);
      expect(await stores.client.pexpiretime(keys.session(session.tokenHash))).toBe(session.absoluteExpiresAt);
    });

    it('touch and setData on a deleted session change nothing and recreate no key', async () => {
      const session = makeSession();
      await stores.sessions.create(session);
      expect(await stores.sessions.delete(session.id)).toEqual(session);
      await stores.sessions.touch(session.id, Date.now(), Date.now() + 60_000);
      expect(await stores.sessions.setData(session.id, { a: 1 })).toBe(false);
      expect(await stores.client.exists(keys.session(session.tokenHash))).toBe(0);
      expect(await stores.client.exists(keys.sessionId(session.id))).toBe(0);
    });

    it('delete removes record, pointer and index entry; a second delete returns null', async () => {
      const session = makeSession();
      await stores.sessions.create(session);
      const deleted = await Promise.all([stores.sessions.delete(session.id), stores.sessions.delete(session.id)]);
      expect(deleted.filter((d) => d !== null)).toEqual([session]);
      expect(await stores.sessions.findByTokenHash(session.tokenHash)).toBeNull();
      expect(await stores.client.zcard(keys.userSessions(session.userId))).toBe(0);
    });

    it('deleteByUser leaves no key of the deleted sessions behind', async () => {
      const userId = randomId();
      const sessions = [makeSession({ userId }), makeSession({ userId }), makeSession({ userId })];
      for (const s of sessions) await stores.sessions.create(s);
      const kept = sessions[0]!;
      const deleted = await stores.sessions.deleteByUser(userId, kept.id);
      expect(deleted.sort()).toEqual(sessions.slice(1).map((s) => s.id).sort());
      const left = await listKeys(stores.client, stores.prefix);
      for (const s of sessions.slice(1)) {
        expect(left).not.toContain(keys.session(s.tokenHash));
        expect(left).not.toContain(keys.sessionId(s.id));
      }
      expect(await stores.client.zrange(keys.userSessions(userId), '0', '-1')).toEqual([kept.tokenHash]);
    });

    it('prunes index entries whose record is gone (listing, and creating past their expiry)', async () => {
      const userId = randomId();
      const live = makeSession({ userId });
      const vanished = makeSession({ userId });
      await stores.sessions.create(live);
      await stores.sessions.create(vanished);
      await stores.client.del(keys.session(vanished.tokenHash)); // as if Redis had expired it
      expect((await stores.sessions.listByUser(userId)).map((s) => s.id)).toEqual([live.id]);
      expect(await stores.client.zrange(keys.userSessions(userId), '0', '-1')).toEqual([live.tokenHash]);

      // An entry scored in the past is dropped by the next create.
      await stores.client.zadd(keys.userSessions(userId), Date.now() - 1_000, 'stale');
      await stores.sessions.create(makeSession({ userId }));
      expect(await stores.client.zscore(keys.userSessions(userId), 'stale')).toBeNull();
    });

    it('touch puts a live session back in its user’s index if its entry went missing', async () => {
      const session = makeSession();
      await stores.sessions.create(session);
      await stores.client.del(keys.userSessions(session.userId));
      const later = Date.now();
      await stores.sessions.touch(session.id, later, later + 120_000);
      expect(await stores.client.zscore(keys.userSessions(session.userId), session.tokenHash)).toBe(String(later + 120_000));
      expect(await stores.client.pexpiretime(keys.userSessions(session.userId))).toBe(later + 120_000);
      expect(await stores.sessions.deleteByUser(session.userId)).toEqual([session.id]);
    });

    it('a session created already expired does not take the live sessions of its user with it', async () => {
      const userId = randomId();
      const live = makeSession({ userId });
      await stores.sessions.create(live);
      const past = Date.now() - 1_000;
      await stores.sessions.create(makeSession({ userId, createdAt: past - 1_000, idleExpiresAt: past, absoluteExpiresAt: past }));
      expect((await stores.sessions.listByUser(userId)).map((s) => s.id)).toEqual([live.id]);
      expect(await stores.sessions.deleteByUser(userId)).toEqual([live.id]);
    });

    it('scores the user index by the injected clock, not the machine time', async () => {
      // The index prunes entries scored before "now": a clock past the first session's expiry
      // makes the second create drop it, which Date.now() (an hour earlier) would not.
      let now = Date.now();
      const clocked = createRedisStores({ url: redis.url(), prefix: `${stores.prefix}clocked:`, clock: { now: () => now } });
      try {
        const userId = randomId();
        const first = makeSession({ userId }, 60, 600);
        await clocked.sessions.create(first);
        now += 3_600_000;
        await clocked.sessions.create(makeSession({ userId }, 7200, 7200));
        const index = new KeySpace(clocked.prefix).userSessions(userId);
        expect(await clocked.client.zscore(index, first.tokenHash)).toBeNull();
      } finally {
        await clocked.close();
      }
    });

    it('writes only under its prefix', async () => {
      const session = makeSession();
      await stores.sessions.create(session);
      const all = await listKeys(stores.client, '');
      const ours = all.filter((k) => k.includes(session.tokenHash) || k.includes(session.id) || k.includes(session.userId));
      expect(ours.length).toBe(3);
      for (const key of ours) expect(key.startsWith(stores.prefix)).toBe(true);
    });
  });
}
