import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeySpace } from '../src/index.js';
import { backends, openStores, useRedisBackend } from './support/backends.js';
import { randomId } from './support/records.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`RedisDenylistStore (${backend.kind})`, () => {
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

    it('expires each entry at its expiresAt, and a later add only ever extends it', async () => {
      const jti = randomId();
      const expiresAt = Date.now() + 60_000;
      await stores.denylist.add({ kind: 'jti', value: jti, expiresAt });
      expect(await stores.client.pexpiretime(keys.denied('jti', jti))).toBe(expiresAt);
      await stores.denylist.add({ kind: 'jti', value: jti, expiresAt: expiresAt - 30_000 });
      expect(await stores.client.pexpiretime(keys.denied('jti', jti))).toBe(expiresAt);
      await stores.denylist.add({ kind: 'jti', value: jti, expiresAt: expiresAt + 30_000 });
      expect(await stores.client.pexpiretime(keys.denied('jti', jti))).toBe(expiresAt + 30_000);
    });

    it('isDenied checks jti and sid against the caller’s now', async () => {
      const now = Date.now();
      const jti = randomId();
      const sid = randomId();
      await stores.denylist.add({ kind: 'sid', value: sid, expiresAt: now + 60_000 });
      expect(await stores.denylist.isDenied(jti, sid, now)).toBe(true);
      expect(await stores.denylist.isDenied(jti, undefined, now)).toBe(false);
      expect(await stores.denylist.isDenied(jti, sid, now + 60_000)).toBe(false);
      await stores.denylist.add({ kind: 'jti', value: jti, expiresAt: now + 60_000 });
      expect(await stores.denylist.isDenied(jti, undefined, now)).toBe(true);
      expect(await stores.denylist.isDenied(randomId(), randomId(), now)).toBe(false);
    });

    it('isDenied works whichever slots its two keys land in', async () => {
      if (!(stores.client instanceof Cluster)) return;
      const now = Date.now();
      // Find a jti/sid pair on different masters: the single-command form would fail CROSSSLOT.
      const cluster = stores.client;
      const slotOf = async (key: string) => Number(await cluster.cluster('KEYSLOT', key));
      const jti = randomId();
      let sid = randomId();
      while ((await slotOf(keys.denied('jti', jti))) === (await slotOf(keys.denied('sid', sid)))) sid = randomId();
      await stores.denylist.add({ kind: 'sid', value: sid, expiresAt: now + 60_000 });
      expect(await stores.denylist.isDenied(jti, sid, now)).toBe(true);
    });

    it('listActive returns every unexpired entry of this prefix from every master, and nothing else', async () => {
      const fresh = openStores(redis.url());
      const other = openStores(redis.url());
      try {
        const now = Date.now();
        const entries = Array.from({ length: 1200 }, (_, i) => ({
          kind: i % 2 === 0 ? ('jti' as const) : ('sid' as const),
          value: `${randomId()}*?[x]`,
          expiresAt: now + 60_000 + i,
        }));
        for (let i = 0; i < entries.length; i += 100) await Promise.all(entries.slice(i, i + 100).map((e) => fresh.denylist.add(e)));
        await other.denylist.add({ kind: 'jti', value: randomId(), expiresAt: now + 60_000 });
        const listed = await fresh.denylist.listActive(now);
        const byKey = (e: { kind: string; value: string }) => `${e.kind}:${e.value}`;
        expect(listed.map(byKey).sort()).toEqual(entries.map(byKey).sort());
        expect(listed.find((e) => e.value === entries[7]!.value)?.expiresAt).toBe(entries[7]!.expiresAt);
        // The caller's clock decides what is active.
        expect((await fresh.denylist.listActive(now + 60_000 + 600)).length).toBe(599);
        if (fresh.client instanceof Cluster) {
          const perMaster = await Promise.all(fresh.client.nodes('master').map((n) => n.dbsize()));
          expect(perMaster.filter((n) => n > 0).length).toBe(3);
        }
      } finally {
        await fresh.dispose();
        await other.dispose();
      }
    });
  });
}
