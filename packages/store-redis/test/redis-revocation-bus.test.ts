import type { RevocationEvent } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openStores, useRedisBackend } from './support/backends.js';
import { randomId } from './support/records.js';
import { setTimeout as sleep } from 'node:timers/promises';

const event = (userId = randomId()): RevocationEvent => ({
  id: '',
  at: Date.now(),
  subject: { kind: 'session', sid: randomId(), userId },
  expiresAt: Date.now() + 60_000,
});

/** Resolves once `predicate` holds, polling; rejects after `ms`. */
async function eventually(predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`RedisRevocationBus (${backend.kind})`, () => {
    const redis = useRedisBackend(backend.kind);
    let a: ReturnType<typeof openStores>;
    let b: ReturnType<typeof openStores>;
    beforeAll(() => {
      a = openStores(redis.url());
      b = openStores(redis.url());
    });
    afterAll(async () => {
      await a.dispose();
      await b.dispose();
    });

    it('delivers to subscribers on other connections, on the prefix’s channel only', async () => {
      const { createRedisStores } = await import('../src/index.js');
      const peer = createRedisStores({ url: redis.url(), prefix: a.prefix });
      try {
        const received: RevocationEvent[] = [];
        const strangers: RevocationEvent[] = [];
        const unsubscribe = await peer.revocationBus.subscribe((e) => received.push(e));
        await b.revocationBus.subscribe((e) => strangers.push(e)); // other prefix
        const sent = event();
        await a.revocationBus.publish(sent);
        await eventually(() => received.length === 1);
        expect(received[0]).toEqual(sent);
        await unsubscribe();
        await a.revocationBus.publish(event());
        await sleep(100);
        expect(received.length).toBe(1);
        expect(strangers).toEqual([]);
      } finally {
        await peer.close();
      }
    });

    // Regression: a keyless PUBLISH goes to a random master in a cluster, and two publishes that
    // left from different masters reached the subscriber out of order.
    it('keeps publish order across many events', async () => {
      const { createRedisStores } = await import('../src/index.js');
      const peer = createRedisStores({ url: redis.url(), prefix: a.prefix });
      try {
        const received: string[] = [];
        await peer.revocationBus.subscribe((e) => received.push(e.id));
        const ids = Array.from({ length: 300 }, (_, i) => String(i));
        for (const id of ids) await a.revocationBus.publish({ ...event(), id });
        await eventually(() => received.length === ids.length, 5_000);
        expect(received).toEqual(ids);
      } finally {
        await peer.close();
      }
    });

    it('a throwing handler does not starve the others; malformed messages are ignored', async () => {
      const received: RevocationEvent[] = [];
      await a.revocationBus.subscribe(() => {
        throw new Error('bad handler');
      });
      await a.revocationBus.subscribe((e) => received.push(e));
      await a.client.publish(`${a.prefix}revocations`, 'not json');
      const sent = event();
      await a.revocationBus.publish(sent);
      await eventually(() => received.length === 1);
      expect(received).toEqual([sent]);
    });
  });
}
