import { createMemoryStores, createTessera, type Clock, type Stores, type Tessera } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { KeyRotationSchedule } from '../../src/keys/key-rotation-schedule.js';
import { setTimeout as sleep } from 'node:timers/promises';

class FakeClock implements Clock {
  current = Date.UTC(2026, 0, 1);
  now(): number {
    return this.current;
  }
}

const silent = { info: () => undefined, warn: () => undefined };
const hour = 3600;

async function instances(count: number, stores: Stores = createMemoryStores(), clock = new FakeClock()): Promise<{ cores: Tessera[]; stores: Stores; clock: FakeClock }> {
  const cores: Tessera[] = [];
  for (let i = 0; i < count; i++) {
    cores.push(
      await createTessera({
        stores,
        clock,
        settings: { issuer: 'https://auth.example.test', jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 },
        passwordHashing: { memoryCostKiB: 1024, timeCost: 1 },
      }),
    );
  }
  return { cores, stores, clock };
}

function schedule(tessera: Tessera, intervalSeconds: number): KeyRotationSchedule {
  return new KeyRotationSchedule(tessera, { intervalSeconds, checkIntervalMs: 1000 }, silent);
}

describe('scheduled key rotation', () => {
  it('is off by default and stays off at 0', async () => {
    expect(loadConfig({}).keyRotationIntervalSeconds).toBe(0);
    const { cores, stores, clock } = await instances(1);
    clock.current += 365 * 24 * hour * 1000;
    expect(await schedule(cores[0]!, 0).tick()).toBeNull();
    expect(await stores.keys.listSigningKeys()).toHaveLength(1);
  });

  it('refuses an interval shorter than the JWKS cache lifetime plus the token lifetime', () => {
    expect(() => loadConfig({ TESSERA_KEY_ROTATION_INTERVAL_SECONDS: '600' })).toThrow(/TESSERA_KEY_ROTATION_INTERVAL_SECONDS must be 0 \(off\) or at least/);
    expect(loadConfig({ TESSERA_KEY_ROTATION_INTERVAL_SECONDS: '900' }).keyRotationIntervalSeconds).toBe(900);
  });

  it('stages a key once the newest is older than the interval, then waits a whole interval again', async () => {
    const { cores, stores, clock } = await instances(1);
    const timer = schedule(cores[0]!, 24 * hour);
    expect(await timer.tick()).toBeNull();
    clock.current += 24 * hour * 1000;
    const staged = await timer.tick();
    expect(staged?.generation).toBe(2);
    expect(cores[0]!.keys.jwks().keys.map((k) => k.kid)).toContain(staged!.kid);
    clock.current += 23 * hour * 1000;
    expect(await timer.tick()).toBeNull();
    // The old key has been retired meanwhile; no third generation was made.
    expect((await stores.keys.listSigningKeys()).map((k) => k.generation)).toEqual([2]);
  });

  it('five instances due at the same moment stage one key', async () => {
    const { cores, stores, clock } = await instances(5);
    clock.current += 24 * hour * 1000;
    const timers = cores.map((core) => schedule(core, 24 * hour));
    for (let round = 0; round < 3; round++) await Promise.all(timers.map((t) => t.tick()));
    const keys = await stores.keys.listSigningKeys();
    expect(keys.map((k) => k.generation)).toEqual([1, 2]);
  });

  it('an instance that decided before another rotated does not rotate again', async () => {
    const { cores, stores, clock } = await instances(2);
    clock.current += 24 * hour * 1000;
    const decidedOn = (await stores.keys.listSigningKeys()).at(-1)!.generation;
    const first = await cores[0]!.keys.rotate({ ifNewestGeneration: decidedOn });
    const second = await cores[1]!.keys.rotate({ ifNewestGeneration: decidedOn });
    expect(second.kid).toBe(first.kid);
    expect(await stores.keys.listSigningKeys()).toHaveLength(2);
  });

  it('publishes a key another instance staged at the next tick, with rotation off here', async () => {
    const { cores } = await instances(2);
    const staged = await cores[0]!.keys.rotate();
    expect(cores[1]!.keys.jwks().keys.map((k) => k.kid)).not.toContain(staged.kid);
    await schedule(cores[1]!, 0).tick();
    expect(cores[1]!.keys.jwks().keys.map((k) => k.kid)).toContain(staged.kid);
  });

  it('runs on a timer and stops cleanly', async () => {
    const { cores, stores } = await instances(1);
    const fast = new KeyRotationSchedule(cores[0]!, { intervalSeconds: 0, checkIntervalMs: 10 }, silent);
    let reloads = 0;
    const reload = cores[0]!.keys.reload.bind(cores[0]!.keys);
    cores[0]!.keys.reload = async () => {
      reloads++;
      await reload();
    };
    fast.start();
    await sleep(100);
    await fast.stop();
    const after = reloads;
    expect(after).toBeGreaterThan(2);
    await sleep(50);
    expect(reloads).toBe(after);
    expect(await stores.keys.listSigningKeys()).toHaveLength(1);
  });
});
