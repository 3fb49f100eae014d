import { CompactSign, compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { KeyManager, MemoryKeyStore, revocationEventJwks, systemRandom } from '../src/index.js';
import { FakeClock } from './support/fake-clock.js';

const settings = { signingAlgorithm: 'ES256', jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 } as const;

describe('the revocation-event key (audit finding 4)', () => {
  it('is the same ES256 key on every instance of one store, and never in the access-token JWKS', async () => {
    const store = new MemoryKeyStore();
    const clock = new FakeClock();
    const [a, b] = [new KeyManager(store, settings, clock, systemRandom), new KeyManager(store, settings, clock, systemRandom)];
    await Promise.all([a.init(), b.init()]);
    const [keyA, keyB] = await Promise.all([a.revocationEventKey(), b.revocationEventKey()]);
    expect(keyA.kid).toBe(keyB.kid);
    expect(keyA.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: keyA.kid });
    expect(keyA.publicJwk).not.toHaveProperty('d');
    expect(a.jwks().keys.map((key) => key.kid)).not.toContain(keyA.kid);
    // What one instance signs, the other's published JWKS verifies.
    const jws = await new CompactSign(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'ES256', kid: keyA.kid }).sign(keyA.privateKey);
    await expect(compactVerify(jws, createLocalJWKSet(revocationEventJwks(keyB)))).resolves.toBeDefined();
  });

  it('differs between stores (a fresh secret each)', async () => {
    const clock = new FakeClock();
    const kids = await Promise.all(
      [new MemoryKeyStore(), new MemoryKeyStore()].map(async (store) => (await new KeyManager(store, settings, clock, systemRandom).revocationEventKey()).kid),
    );
    expect(kids[0]).not.toBe(kids[1]);
  });
});
