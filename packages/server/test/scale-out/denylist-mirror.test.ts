import { MemoryDenylistStore, StoreUnavailableError, type DenylistEntry, type DenylistStore, type RevocationEvent, type RevocationFeed, type RevocationFeedListener } from '@tessera/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DenylistMirror, type DenylistMirrorOptions } from '../../src/scale-out/denylist-mirror.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** A feed the test drives by hand. */
class ManualFeed implements RevocationFeed {
  live = false;
  listener: RevocationFeedListener | null = null;
  start(listener: RevocationFeedListener): void {
    this.listener = listener;
  }
  heard(): Promise<boolean> {
    return Promise.resolve(true);
  }
  async close(): Promise<void> {}
  goLive(): void {
    this.live = true;
    this.listener!.live();
  }
  lose(): void {
    this.live = false;
    this.listener!.lost('test');
  }
  emit(event: Omit<RevocationEvent, 'id'>): void {
    this.listener!.event({ id: String(Math.random()), ...event });
  }
}

/** The shared store, counting lookups, and able to fail like an unreachable Redis. */
class SharedStore implements DenylistStore {
  readonly inner = new MemoryDenylistStore();
  lookups = 0;
  down = false;
  async add(entry: DenylistEntry): Promise<void> {
    this.#check();
    await this.inner.add(entry);
  }
  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    this.lookups++;
    this.#check();
    return this.inner.isDenied(jti, sid, now);
  }
  async listActive(now: number): Promise<DenylistEntry[]> {
    this.#check();
    return this.inner.listActive(now);
  }
  #check(): void {
    if (this.down) throw new StoreUnavailableError('redis');
  }
}

const flush = () => sleep(5);

let mirror: DenylistMirror | undefined;
afterEach(async () => {
  await mirror?.close();
  mirror = undefined;
});

async function setUp(options: Partial<DenylistMirrorOptions> = {}) {
  let now = 1_000_000;
  const shared = new SharedStore();
  const feed = new ManualFeed();
  mirror = new DenylistMirror(shared, feed, { failureMode: 'closed', maxEntries: 1000, clock: { now: () => now }, ...options });
  const started = mirror.start(50);
  return {
    shared,
    feed,
    mirror,
    started,
    clock: { get: () => now, advance: (ms: number) => (now += ms) },
    /** Goes live and waits for the resync. */
    goLive: async () => {
      feed.goLive();
      await flush();
    },
  };
}

describe('DenylistMirror', () => {
  it('warms from listActive once the feed is live, then answers from memory without asking Redis', async () => {
    const { shared, mirror, goLive, started, clock } = await setUp();
    await shared.inner.add({ kind: 'jti', value: 'revoked', expiresAt: clock.get() + 60_000 });
    await goLive();
    await started;
    expect(mirror.authoritative).toBe(true);
    expect(await mirror.isDenied('revoked', undefined, clock.get())).toBe(true);
    expect(await mirror.isDenied('fine', 'sid-1', clock.get())).toBe(false);
    expect(shared.lookups).toBe(0);
  });

  it('turns revocation events into entries (token → jti, session and refresh family → sid) that die at expiresAt', async () => {
    const { feed, mirror, goLive, clock } = await setUp();
    await goLive();
    const at = clock.get();
    feed.emit({ at, subject: { kind: 'token', jti: 'j1', userId: 'u' }, expiresAt: at + 1000 });
    feed.emit({ at, subject: { kind: 'session', sid: 's1', userId: 'u' }, expiresAt: at + 2000 });
    feed.emit({ at, subject: { kind: 'refresh_family', sid: 'f1', userId: 'u' }, expiresAt: at + 2000 });
    feed.emit({ at, subject: { kind: 'user', userId: 'u' }, expiresAt: at + 2000 });
    expect(await mirror.isDenied('j1', undefined, at)).toBe(true);
    expect(await mirror.isDenied('other', 's1', at)).toBe(true);
    expect(await mirror.isDenied('other', 'f1', at)).toBe(true);
    expect(await mirror.isDenied('other', 'u', at)).toBe(false);
    clock.advance(1500);
    expect(await mirror.isDenied('j1', undefined, clock.get())).toBe(false);
    expect(await mirror.isDenied('other', 's1', clock.get())).toBe(true);
    expect(mirror.size).toBe(3);
  });

  it('add writes Redis first, then refuses at once on this instance; a failed write still refuses here', async () => {
    const { shared, mirror, goLive, clock } = await setUp();
    await goLive();
    await mirror.add({ kind: 'sid', value: 's1', expiresAt: clock.get() + 1000 });
    expect(await shared.inner.isDenied('x', 's1', clock.get())).toBe(true);
    expect(await mirror.isDenied('x', 's1', clock.get())).toBe(true);
    shared.down = true;
    await expect(mirror.add({ kind: 'jti', value: 'j2', expiresAt: clock.get() + 1000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await mirror.isDenied('j2', undefined, clock.get())).toBe(true);
  });

  it('before it is live, misses go to Redis; with Redis down that is a refusal even in open mode (nothing warmed yet)', async () => {
    const { shared, mirror, started, clock } = await setUp({ failureMode: 'open' });
    await started; // gives up waiting after 50 ms
    await shared.inner.add({ kind: 'jti', value: 'revoked', expiresAt: clock.get() + 1000 });
    expect(await mirror.isDenied('revoked', undefined, clock.get())).toBe(true);
    expect(shared.lookups).toBe(1);
    shared.down = true;
    await expect(mirror.isDenied('fine', undefined, clock.get())).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  describe('a gap in the feed', () => {
    it('closed mode: misses are asked of Redis, and refused (503) when Redis cannot answer; hits stay local', async () => {
      const { shared, feed, mirror, goLive, clock } = await setUp({ failureMode: 'closed' });
      await goLive();
      feed.emit({ at: clock.get(), subject: { kind: 'token', jti: 'known', userId: 'u' }, expiresAt: clock.get() + 10_000 });
      feed.lose();
      expect(mirror.authoritative).toBe(false);
      await shared.inner.add({ kind: 'jti', value: 'missed-event', expiresAt: clock.get() + 10_000 });
      expect(await mirror.isDenied('missed-event', undefined, clock.get())).toBe(true);
      expect(await mirror.isDenied('fine', undefined, clock.get())).toBe(false);
      shared.down = true;
      await expect(mirror.isDenied('fine', undefined, clock.get())).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await mirror.isDenied('known', undefined, clock.get())).toBe(true);
    });

    it('open mode: with Redis down too, the mirror answers (possibly stale: documented)', async () => {
      const { shared, feed, mirror, goLive, clock } = await setUp({ failureMode: 'open' });
      await goLive();
      feed.emit({ at: clock.get(), subject: { kind: 'token', jti: 'known', userId: 'u' }, expiresAt: clock.get() + 10_000 });
      feed.lose();
      shared.down = true;
      expect(await mirror.isDenied('fine', undefined, clock.get())).toBe(false);
      expect(await mirror.isDenied('known', undefined, clock.get())).toBe(true);
    });

    it('live again: resyncs from Redis (picking up what the gap lost) and becomes authoritative again', async () => {
      const { shared, feed, mirror, goLive, clock } = await setUp();
      await goLive();
      feed.lose();
      await shared.inner.add({ kind: 'sid', value: 'revoked-during-gap', expiresAt: clock.get() + 10_000 });
      await goLive();
      expect(mirror.authoritative).toBe(true);
      const before = shared.lookups;
      expect(await mirror.isDenied('x', 'revoked-during-gap', clock.get())).toBe(true);
      expect(await mirror.isDenied('x', 'fine', clock.get())).toBe(false);
      expect(shared.lookups).toBe(before);
    });

    it('a gap during the resync keeps the mirror non-authoritative until the next live', async () => {
      const { shared, feed, mirror, clock } = await setUp();
      let release!: () => void;
      const original = shared.listActive.bind(shared);
      shared.listActive = async (now) => {
        await new Promise<void>((resolve) => (release = resolve));
        return original(now);
      };
      feed.goLive();
      await flush();
      feed.lose();
      release();
      await flush();
      expect(mirror.authoritative).toBe(false);
      shared.listActive = original;
      feed.goLive();
      await flush();
      expect(mirror.authoritative).toBe(true);
      void clock;
    });
  });

  it('is bounded: past maxEntries the oldest go, and misses are asked of Redis until it fits again', async () => {
    const { shared, feed, mirror, goLive, clock } = await setUp({ maxEntries: 3, sweepIntervalMs: 10 });
    await goLive();
    const at = clock.get();
    for (let i = 0; i < 4; i++) {
      await shared.inner.add({ kind: 'jti', value: `j${i}`, expiresAt: at + 1000 + i });
      feed.emit({ at, subject: { kind: 'token', jti: `j${i}`, userId: 'u' }, expiresAt: at + 1000 + i });
    }
    expect(mirror.size).toBe(3);
    expect(mirror.authoritative).toBe(false);
    // The dropped entry is still refused: the miss goes to Redis.
    expect(await mirror.isDenied('j0', undefined, at)).toBe(true);
    expect(shared.lookups).toBe(1);
    // Once entries expire the sweep rereads Redis, which now fits: authoritative again.
    clock.advance(1002);
    await sleep(50);
    expect(mirror.authoritative).toBe(true);
    expect(await mirror.isDenied('j3', undefined, clock.get())).toBe(true);
    expect(await mirror.isDenied('j1', undefined, clock.get())).toBe(false);
  });
});
