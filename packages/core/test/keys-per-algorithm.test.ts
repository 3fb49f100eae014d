import { describe, expect, it } from 'vitest';
import { KeyManager, MemoryKeyStore, systemRandom } from '../src/index.js';
import { FakeClock } from './support/fake-clock.js';

const settings = { signingAlgorithm: 'EdDSA', jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 } as const;

describe('KeyManager: one key chain per algorithm in use', () => {
  it('init with other algorithms makes one key of each, once across instances, and publishes all', async () => {
    const store = new MemoryKeyStore();
    const clock = new FakeClock();
    const managers = Array.from({ length: 3 }, () => new KeyManager(store, settings, clock, systemRandom));
    await Promise.all(managers.map((m) => m.init(['RS256'])));
    const keys = await store.listSigningKeys();
    expect(keys.map((k) => k.alg).sort()).toEqual(['EdDSA', 'RS256']);
    expect((await managers[0]!.signingKey()).alg).toBe('EdDSA');
    expect((await managers[1]!.signingKey('RS256')).alg).toBe('RS256');
    expect(managers[2]!.algorithms().sort()).toEqual(['EdDSA', 'RS256']);
  });

  it('creates a key for an algorithm on first use, signing at once', async () => {
    const manager = new KeyManager(new MemoryKeyStore(), settings, new FakeClock(), systemRandom);
    await manager.init();
    expect(manager.algorithms()).toEqual(['EdDSA']);
    expect((await manager.signingKey('ES256')).alg).toBe('ES256');
    expect(manager.algorithms().sort()).toEqual(['ES256', 'EdDSA']);
  });

  it('signs with a key made on first use even while the clock moves (regression: it activated after the lookup time)', async () => {
    let now = Date.UTC(2026, 0, 1);
    const ticking = { now: () => (now += 7) };
    const manager = new KeyManager(new MemoryKeyStore(), settings, ticking, systemRandom);
    await manager.init();
    expect((await manager.signingKey('RS256')).alg).toBe('RS256');
  });

  it('rotation stages a successor for every algorithm in use', async () => {
    const clock = new FakeClock();
    const manager = new KeyManager(new MemoryKeyStore(), settings, clock, systemRandom);
    await manager.init(['RS256']);
    const before = { EdDSA: (await manager.signingKey()).kid, RS256: (await manager.signingKey('RS256')).kid };
    const staged = await manager.rotate();
    expect(staged.alg).toBe('EdDSA');
    expect(manager.jwks().keys).toHaveLength(4);
    clock.advanceSeconds(301);
    expect((await manager.signingKey()).kid).not.toBe(before.EdDSA);
    expect((await manager.signingKey('RS256')).kid).not.toBe(before.RS256);
  });

  it('a restart keeps the keys of algorithms still in use and retires the others after their tokens', async () => {
    const store = new MemoryKeyStore();
    const clock = new FakeClock();
    const first = new KeyManager(store, settings, clock, systemRandom);
    await first.init(['RS256', 'PS256']);
    const kept = (await first.signingKey('RS256')).kid;
    const second = new KeyManager(store, settings, clock, systemRandom);
    await second.init(['RS256']);
    expect((await second.signingKey('RS256')).kid).toBe(kept);
    expect(second.algorithms().sort()).toEqual(['EdDSA', 'PS256', 'RS256']);
    clock.advanceSeconds(661);
    await second.reload();
    expect(second.algorithms().sort()).toEqual(['EdDSA', 'RS256']);
  });
});
