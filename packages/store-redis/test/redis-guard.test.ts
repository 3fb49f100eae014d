import { StoreUnavailableError, type RevocationEvent } from '@tessera/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStores, KeySpace, type RedisStores } from '../src/index.js';
import { hasRedisServer, uniquePrefix } from './support/backends.js';
import { startRedisCluster, startThrowawayRedis, type RedisClusterHandle, type ThrowawayRedis } from '@tessera/testing';
import { makeSession, randomId } from './support/records.js';
import { setTimeout as sleep } from 'node:timers/promises';

// Fault tests on real processes: a throwaway redis-server (and a throwaway cluster) that we
// kill and restart, never the shared Redis. "Quickly" is a correctness bound (a request must
// not hang), far above the normal latency, not a performance claim.
const failFastBoundMs = 1_000;

/** Runs `call` and returns its rejection and how long it took. */
async function failure(call: () => Promise<unknown>, name = 'call'): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  let result: unknown;
  try {
    result = await call();
  } catch (error) {
    return { error, elapsedMs: performance.now() - started };
  }
  throw new Error(`${name} succeeded while Redis was down: ${JSON.stringify(result)}`);
}

/** Retries `call` until it succeeds; rejects after `ms`. */
async function eventually<T>(call: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

function everyOperation(stores: RedisStores): Record<string, () => Promise<unknown>> {
  const now = Date.now();
  return {
    'sessions.create': () => stores.sessions.create(makeSession()),
    'sessions.findByTokenHash': () => stores.sessions.findByTokenHash(randomId()),
    'sessions.findById': () => stores.sessions.findById(randomId()),
    'sessions.touch': () => stores.sessions.touch(randomId(), now, now + 1_000),
    'sessions.setData': () => stores.sessions.setData(randomId(), {}),
    'sessions.delete': () => stores.sessions.delete(randomId()),
    'sessions.listByUser': () => stores.sessions.listByUser(randomId()),
    'sessions.deleteByUser': () => stores.sessions.deleteByUser(randomId()),
    'denylist.add': () => stores.denylist.add({ kind: 'jti', value: randomId(), expiresAt: now + 60_000 }),
    'denylist.isDenied': () => stores.denylist.isDenied(randomId(), randomId(), now),
    'denylist.listActive': () => stores.denylist.listActive(now),
    'revocationBus.publish': () => stores.revocationBus.publish({ id: '', at: now, expiresAt: now + 1, subject: { kind: 'user', userId: 'u' } }),
    'revocationBus.subscribe': () => stores.revocationBus.subscribe(() => {}),
  };
}

describe.runIf(hasRedisServer)('Redis outage (single node)', () => {
  let server: ThrowawayRedis;
  beforeAll(async () => {
    server = await startThrowawayRedis();
  });
  afterAll(async () => {
    await server.destroy();
  });

  it('every call rejects with StoreUnavailableError quickly while Redis is down, and the same instance recovers', async () => {
    const stores = createRedisStores({ url: server.url, prefix: uniquePrefix() });
    try {
      const before = makeSession();
      await stores.sessions.create(before);
      expect(await stores.sessions.findByTokenHash(before.tokenHash)).toEqual(before);

      await server.kill();
      for (const [name, call] of Object.entries(everyOperation(stores))) {
        const { error, elapsedMs } = await failure(call, name);
        expect(error, name).toBeInstanceOf(StoreUnavailableError);
        expect((error as StoreUnavailableError).code).toBe('store_unavailable');
        expect(elapsedMs, name).toBeLessThan(failFastBoundMs);
      }
      // A burst fails as fast as one call (no queue builds up behind the outage).
      const burst = await failure(() => Promise.all(Array.from({ length: 200 }, () => stores.sessions.findByTokenHash(randomId()))));
      expect(burst.error).toBeInstanceOf(StoreUnavailableError);
      expect(burst.elapsedMs).toBeLessThan(failFastBoundMs);

      await server.start();
      const after = makeSession();
      await eventually(() => stores.sessions.create(after));
      expect(await stores.sessions.findByTokenHash(after.tokenHash)).toEqual(after);
      expect(await stores.denylist.isDenied(randomId(), undefined, Date.now())).toBe(false);
    } finally {
      await stores.close();
    }
  });

  it('stores made while Redis is down work once it is up', async () => {
    await server.kill();
    const stores = createRedisStores({ url: server.url, prefix: uniquePrefix() });
    try {
      const { error, elapsedMs } = await failure(() => stores.sessions.findById(randomId()));
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(elapsedMs).toBeLessThan(failFastBoundMs);
      await server.start();
      expect(await eventually(() => stores.sessions.findById(randomId()))).toBeNull();
    } finally {
      await stores.close();
    }
  });

  it('a subscriber is re-subscribed after Redis restarts', async () => {
    const prefix = uniquePrefix();
    const subscriberSide = createRedisStores({ url: server.url, prefix });
    const publisherSide = createRedisStores({ url: server.url, prefix });
    const probe = new Redis(server.url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    probe.on('error', () => {});
    const channel = new KeySpace(prefix).revocationChannel();
    const subscribers = async () => ((await probe.pubsub('NUMSUB', channel)) as [string, number])[1];
    try {
      const received: RevocationEvent[] = [];
      await eventually(() => subscriberSide.revocationBus.subscribe((e) => received.push(e)));
      await server.kill();
      await server.start();
      // No resubscribe call from us: ioredis's autoResubscribe must bring the subscription back.
      await eventually(async () => {
        if ((await subscribers()) !== 1) throw new Error('not re-subscribed yet');
      });
      const sent: RevocationEvent = { id: '7', at: Date.now(), expiresAt: Date.now() + 1, subject: { kind: 'user', userId: 'u1' } };
      await eventually(() => publisherSide.revocationBus.publish(sent));
      await eventually(async () => {
        if (received.length === 0) throw new Error('not delivered yet');
      }, 2_000);
      expect(received).toEqual([sent]);
    } finally {
      probe.disconnect();
      await subscriberSide.close();
      await publisherSide.close();
    }
  });

  it('close is idempotent and later calls reject with StoreUnavailableError', async () => {
    const stores = createRedisStores({ url: server.url, prefix: uniquePrefix() });
    await eventually(() => stores.sessions.findById('x'));
    await Promise.all([stores.close(), stores.close()]);
    await stores.close();
    await expect(stores.sessions.findById('x')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe.runIf(hasRedisServer)('Redis outage (cluster: one master killed)', () => {
  let cluster: RedisClusterHandle;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('calls on the dead master’s slots fail quickly, others keep working, and all recover', async () => {
    const stores = createRedisStores({ url: cluster.url, prefix: uniquePrefix() });
    try {
      await eventually(() => stores.sessions.findByTokenHash('warm-up'));
      // Enough sessions that some land on the node we kill and some elsewhere.
      const sessions = Array.from({ length: 12 }, () => makeSession());
      for (const s of sessions) await stores.sessions.create(s);
      const keys = new KeySpace(stores.prefix);
      const deadPort = cluster.ports[0]!;
      const onDead = async (tokenHash: string) => {
        const slot = Number(await stores.client.cluster('KEYSLOT', keys.session(tokenHash)));
        const ranges = await stores.client.cluster('SLOTS');
        return ranges.some(([from, to, owner]) => slot >= from && slot <= to && owner?.[1] === deadPort);
      };
      const dead: typeof sessions = [];
      const alive: typeof sessions = [];
      for (const s of sessions) ((await onDead(s.tokenHash)) ? dead : alive).push(s);
      expect(dead.length).toBeGreaterThan(0);
      expect(alive.length).toBeGreaterThan(0);

      await cluster.stopNode(0);
      for (const s of dead) {
        const { error, elapsedMs } = await failure(() => stores.sessions.findByTokenHash(s.tokenHash));
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(elapsedMs).toBeLessThan(failFastBoundMs);
      }
      // Served by the live masters. A call may still fail while the client refreshes its slot
      // map (it then fails closed, like the dead slots); it never answers wrongly.
      for (const s of alive) expect(await eventually(() => stores.sessions.findByTokenHash(s.tokenHash), 2_000)).toEqual(s);

      await cluster.startNode(0);
      // The restarted master is empty (no persistence): its sessions are gone, the store works.
      const fresh = dead[0]!;
      await eventually(() => stores.sessions.create({ ...fresh, id: randomId() }));
      expect(await stores.sessions.findByTokenHash(fresh.tokenHash)).not.toBeNull();
      for (const s of alive) expect(await stores.sessions.findByTokenHash(s.tokenHash)).toEqual(s);
    } finally {
      await stores.close();
    }
  });

  it('a subscriber whose node dies is re-subscribed (on another node, or the same one restarted)', async () => {
    const prefix = uniquePrefix();
    const subscriberSide = createRedisStores({ url: cluster.url, prefix });
    const publisherSide = createRedisStores({ url: cluster.url, prefix });
    const channel = new KeySpace(prefix).revocationChannel();
    try {
      const received: RevocationEvent[] = [];
      await eventually(() => subscriberSide.revocationBus.subscribe((e) => received.push(e)));
      // Find the node holding the subscription: CLIENT LIST shows it with one channel subscribed.
      const holders: number[] = [];
      for (const [index, port] of cluster.ports.entries()) {
        const probe = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
        const clients = (await probe.client('LIST')) as string;
        probe.disconnect();
        if (clients.split('\n').some((line) => / sub=1 /.test(line))) holders.push(index);
      }
      expect(holders.length).toBe(1);
      await cluster.stopNode(holders[0]!);
      await sleep(300);
      await cluster.startNode(holders[0]!);

      const sent: RevocationEvent = { id: '9', at: Date.now(), expiresAt: Date.now() + 60_000, subject: { kind: 'user', userId: randomId() } };
      // Events published while the subscription is moving are lost (best-effort bus): publish until one lands.
      await eventually(async () => {
        await publisherSide.revocationBus.publish(sent);
        await sleep(100);
        if (received.length === 0) throw new Error(`not delivered on ${channel} yet`);
      }, 15_000);
      expect(received[0]).toEqual(sent);
    } finally {
      await subscriberSide.close();
      await publisherSide.close();
    }
  });

  it('the whole cluster down: every call fails quickly; back up: the same instance recovers, bus included', async () => {
    const stores = createRedisStores({ url: cluster.url, prefix: uniquePrefix() });
    const publisherSide = createRedisStores({ url: cluster.url, prefix: stores.prefix });
    try {
      const received: RevocationEvent[] = [];
      await eventually(() => stores.revocationBus.subscribe((e) => received.push(e)));
      await Promise.all(cluster.ports.map((_, i) => cluster.stopNode(i)));
      for (const [name, call] of Object.entries(everyOperation(stores))) {
        const { error, elapsedMs } = await failure(call, name);
        expect(error, name).toBeInstanceOf(StoreUnavailableError);
        expect(elapsedMs, name).toBeLessThan(failFastBoundMs);
      }
      for (const i of cluster.ports.keys()) await cluster.startNode(i);

      const session = makeSession();
      await eventually(() => stores.sessions.create(session));
      expect(await stores.sessions.findByTokenHash(session.tokenHash)).toEqual(session);
      const sent: RevocationEvent = { id: '11', at: Date.now(), expiresAt: Date.now() + 60_000, subject: { kind: 'user', userId: randomId() } };
      await eventually(async () => {
        await publisherSide.revocationBus.publish(sent);
        await sleep(100);
        if (received.length === 0) throw new Error('not delivered yet');
      }, 15_000);
      expect(received[0]).toEqual(sent);
    } finally {
      await stores.close();
      await publisherSide.close();
    }
  });
});
