import { randomBytes } from 'node:crypto';
import type { RevocationEvent, RevocationFeedListener } from '@tessera/core';
import { redisServerInstalled, serviceAvailable, startThrowawayRedis, testRedisUrl, toolAvailable, type ThrowawayRedis } from '@tessera/testing';
import { createRedisStores, KeySpace, RedisRevocationFeed, type RedisStores } from '@tessera/store-redis';
import { afterEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';

const hasRedis = await serviceAvailable('redis');
const hasRedisServer = hasRedis && toolAvailable('redis-server', await redisServerInstalled(), 'apt-get install redis-server');

/** Records what a feed reports. */
class Recorder implements RevocationFeedListener {
  readonly events: RevocationEvent[] = [];
  readonly log: string[] = [];
  event(event: RevocationEvent): void {
    this.events.push(event);
  }
  lost(): void {
    this.log.push('lost');
  }
  live(): void {
    this.log.push('live');
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(10);
  }
  return Date.now() - started;
}

const event = (jti: string, id: string): RevocationEvent => ({ id, at: Date.now(), subject: { kind: 'token', jti, userId: 'u' }, expiresAt: Date.now() + 60_000 });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function open(url: string, options: ConstructorParameters<typeof RedisRevocationFeed>[2] = {}) {
  const prefix = `tessera-feed-${randomBytes(4).toString('hex')}:`;
  const stores: RedisStores = createRedisStores({ url, prefix });
  const feed = new RedisRevocationFeed(stores.client, new KeySpace(prefix).revocationChannel(), options);
  const recorder = new Recorder();
  feed.start(recorder);
  cleanups.push(async () => {
    await feed.close();
    await stores.close();
  });
  return { stores, feed, recorder };
}

describe.runIf(hasRedis)('RedisRevocationFeed (shared Redis)', () => {
  it('goes live on its own echoed heartbeat and delivers the bus\'s events; the bus\'s handlers never see heartbeats', async () => {
    const { stores, feed, recorder } = open(testRedisUrl, { heartbeatIntervalMs: 100 });
    await until(() => feed.live);
    const busSeen: RevocationEvent[] = [];
    await stores.revocationBus.subscribe((e) => busSeen.push(e));
    await sleep(350); // a few heartbeats pass
    await stores.revocationBus.publish(event('j1', '41'));
    await until(() => recorder.events.length === 1 && busSeen.length === 1);
    expect(recorder.events[0]).toMatchObject({ id: '41', subject: { kind: 'token', jti: 'j1' } });
    expect(busSeen).toHaveLength(1);
    expect(await feed.heard('41', 100)).toBe(true);
    expect(await feed.heard('never-published', 50)).toBe(false);
  });
});

describe.runIf(hasRedisServer)('RedisRevocationFeed gaps (a Redis of its own)', () => {
  let redis: ThrowawayRedis;

  async function withRedis() {
    redis = await startThrowawayRedis();
    cleanups.push(() => redis.destroy());
    return redis;
  }

  it('a killed Redis is a gap at once; back again, it is live on the first heartbeat after the restart', async () => {
    await withRedis();
    const { feed, recorder, stores } = open(redis.url, { heartbeatIntervalMs: 200, silenceLimitMs: 600 });
    await until(() => feed.live);
    await redis.kill();
    const noticedMs = await until(() => !feed.live);
    expect(recorder.log).toEqual(['live', 'lost']);
    expect(noticedMs).toBeLessThan(1000);
    await redis.start();
    await until(() => feed.live, 15_000);
    await stores.revocationBus.publish(event('after', '7'));
    await until(() => recorder.events.some((e) => e.id === '7'));
  });

  it('a Redis that hangs without closing connections (SIGSTOP) is noticed by the missing heartbeat echo', async () => {
    await withRedis();
    const { feed, recorder } = open(redis.url, { heartbeatIntervalMs: 100, silenceLimitMs: 400 });
    await until(() => feed.live);
    redis.pause();
    try {
      const noticedMs = await until(() => !feed.live, 5_000);
      expect(noticedMs).toBeLessThan(2_000);
    } finally {
      redis.resume();
    }
    await until(() => feed.live, 15_000);
    expect(recorder.log).toEqual(['live', 'lost', 'live']);
  });
});
