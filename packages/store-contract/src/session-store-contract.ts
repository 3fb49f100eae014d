import type { SessionStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { minuteMs, sampleSession, uniqueHash, uniqueId } from './sample-records.js';

/** The `SessionStore` port: lookup by token hash, sliding renewal, app data, per-user listing and deletion. */
export function sessionStoreContract(backend: string, h: Harness<SessionStore>): void {
  describe(`SessionStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('stores a session and finds it by token hash and by id', async () => {
      const session = sampleSession(uniqueId('user'), { data: { cart: 3 } });
      await store().create(session);
      expect(await store().findByTokenHash(session.tokenHash)).toEqual(session);
      expect(await store().findById(session.id)).toEqual(session);
    });

    it('answers null for an unknown token hash or id', async () => {
      expect(await store().findByTokenHash(uniqueHash())).toBeNull();
      expect(await store().findById(uniqueId('session'))).toBeNull();
    });

    it('keeps null user agent and ip as null', async () => {
      const session = sampleSession(uniqueId('user'), { userAgent: null, ip: null });
      await store().create(session);
      expect(await store().findById(session.id)).toEqual(session);
    });

    it('round-trips application data as JSON', async () => {
      const data = {
        string: 'héllo wörld ✓ 日本語 🎉',
        quotes: `it's "quoted" \\ back\\slash`,
        integer: 42,
        negative: -7,
        float: 3.25,
        big: 9007199254740991,
        yes: true,
        no: false,
        nothing: null,
        list: [1, 'two', { three: 3 }, [4]],
        nested: { deeper: { deepest: ['a', 'b'] }, empty: {} },
        emptyList: [],
      };
      const session = sampleSession(uniqueId('user'), { data });
      await store().create(session);
      expect((await store().findByTokenHash(session.tokenHash))?.data).toEqual(data);
    });

    it('touch moves lastSeenAt and idleExpiresAt and nothing else', async () => {
      const session = sampleSession(uniqueId('user'), { data: { kept: true } });
      await store().create(session);
      const lastSeenAt = session.lastSeenAt + 2 * minuteMs;
      const idleExpiresAt = session.idleExpiresAt + 2 * minuteMs;
      await store().touch(session.id, lastSeenAt, idleExpiresAt);
      expect(await store().findByTokenHash(session.tokenHash)).toEqual({ ...session, lastSeenAt, idleExpiresAt });
    });

    it('touch is a no-op for a session that is gone', async () => {
      const id = uniqueId('session');
      await expect(store().touch(id, Date.now(), Date.now() + minuteMs)).resolves.toBeUndefined();
      expect(await store().findById(id)).toBeNull();
    });

    it('setData replaces the data (no merge) and reports whether the session exists', async () => {
      const session = sampleSession(uniqueId('user'), { data: { old: 1, shared: 'before' } });
      await store().create(session);
      expect(await store().setData(session.id, { shared: 'after', added: [1, 2] })).toBe(true);
      expect(await store().findById(session.id)).toEqual({ ...session, data: { shared: 'after', added: [1, 2] } });
      expect(await store().setData(uniqueId('session'), { any: 1 })).toBe(false);
    });

    it('does not let callers mutate stored data through returned records', async () => {
      const session = sampleSession(uniqueId('user'), { data: { n: 1 } });
      await store().create(session);
      session.data.n = 2;
      const found = await store().findById(session.id);
      expect(found?.data).toEqual({ n: 1 });
      found!.data.n = 3;
      expect((await store().findById(session.id))?.data).toEqual({ n: 1 });
    });

    it('delete returns the deleted record, after which it is gone', async () => {
      const session = sampleSession(uniqueId('user'));
      await store().create(session);
      expect(await store().delete(session.id)).toEqual(session);
      expect(await store().findById(session.id)).toBeNull();
      expect(await store().findByTokenHash(session.tokenHash)).toBeNull();
      expect(await store().delete(session.id)).toBeNull();
    });

    it('lists the sessions of one user, newest first', async () => {
      const userId = uniqueId('user');
      const base = Date.now();
      const oldest = sampleSession(userId, { createdAt: base - 2 * minuteMs });
      const newest = sampleSession(userId, { createdAt: base });
      const middle = sampleSession(userId, { createdAt: base - minuteMs });
      const someoneElse = sampleSession(uniqueId('user'));
      for (const s of [oldest, newest, middle, someoneElse]) await store().create(s);
      expect(await store().listByUser(userId)).toEqual([newest, middle, oldest]);
      expect(await store().listByUser(uniqueId('user'))).toEqual([]);
    });

    it('deleteByUser deletes every session of the user except the one named, and returns their ids', async () => {
      const userId = uniqueId('user');
      const keep = sampleSession(userId);
      const drop1 = sampleSession(userId);
      const drop2 = sampleSession(userId);
      const someoneElse = sampleSession(uniqueId('user'));
      for (const s of [keep, drop1, drop2, someoneElse]) await store().create(s);

      const deleted = await store().deleteByUser(userId, keep.id);
      expect([...deleted].sort()).toEqual([drop1.id, drop2.id].sort());
      expect(await store().listByUser(userId)).toEqual([keep]);
      expect(await store().findByTokenHash(drop1.tokenHash)).toBeNull();
      expect(await store().findById(someoneElse.id)).toEqual(someoneElse);

      expect(await store().deleteByUser(userId)).toEqual([keep.id]);
      expect(await store().listByUser(userId)).toEqual([]);
      expect(await store().findByTokenHash(keep.tokenHash)).toBeNull();
      expect(await store().deleteByUser(userId)).toEqual([]);
    });
  });
}
