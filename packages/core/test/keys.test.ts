import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createMemoryStores, KeyManager, MemoryKeyStore, systemRandom } from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';
import { FakeClock } from './support/fake-clock.js';

const settings = { signingAlgorithm: 'EdDSA', jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 } as const;

describe('KeyManager', () => {
  it('creates one key when many instances start at once', async () => {
    const store = new MemoryKeyStore();
    const clock = new FakeClock();
    const managers = Array.from({ length: 5 }, () => new KeyManager(store, settings, clock, systemRandom));
    await Promise.all(managers.map((m) => m.init()));
    expect(await store.listSigningKeys()).toHaveLength(1);
    const kids = await Promise.all(managers.map(async (m) => (await m.signingKey()).kid));
    expect(new Set(kids).size).toBe(1);
  });

  it('publishes only public keys, each with kid and alg', async () => {
    const { tessera } = await createTestTessera({ signingAlgorithm: 'EdDSA' });
    const [jwk] = tessera.keys.jwks().keys;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwk?.kid).toBeTruthy();
    expect(jwk).not.toHaveProperty('d');
  });

  it('stages rotation: publish first, sign after the JWKS cache lifetime, retire after the token lifetime', async () => {
    const { tessera, clock } = await createTestTessera({ jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 });
    const oldKid = (await tessera.keys.signingKey()).kid;
    const oldToken = await tessera.accessTokens.issue({ subject: 'u', clientId: 'tessera', scope: '', audience: 'a' });
    const next = await tessera.keys.rotate();
    expect(tessera.keys.jwks().keys.map((k) => k.kid)).toEqual([oldKid, next.kid]);
    expect((await tessera.keys.signingKey()).kid).toBe(oldKid);
    clock.advanceSeconds(301);
    expect((await tessera.keys.signingKey()).kid).toBe(next.kid);
    // The old key's last token still verifies against the published set.
    await jwtVerify(oldToken.token, createLocalJWKSet(tessera.keys.jwks()), { currentDate: new Date(clock.now() - 200_000) });
    clock.advanceSeconds(600 + 61);
    await tessera.keys.reload();
    expect(tessera.keys.jwks().keys.map((k) => k.kid)).toEqual([next.kid]);
  });

  it('signs with the configured algorithm and switches when it changes', async () => {
    const stores = createMemoryStores();
    await createTestTessera({ signingAlgorithm: 'EdDSA' }, stores);
    const { tessera } = await createTestTessera({ signingAlgorithm: 'ES256' }, stores);
    const { token } = await tessera.accessTokens.issue({ subject: 'u', clientId: 'tessera', scope: '', audience: 'a' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
  });

  it('gives every instance the same server secrets', async () => {
    const store = new MemoryKeyStore();
    const clock = new FakeClock();
    const [a, b] = [new KeyManager(store, settings, clock, systemRandom), new KeyManager(store, settings, clock, systemRandom)];
    const [sa, sb] = await Promise.all([a.secret('csrf-hmac'), b.secret('csrf-hmac')]);
    expect(Buffer.from(sa).equals(Buffer.from(sb))).toBe(true);
    expect(sa.length).toBe(32);
  });
});

describe('KeyManager signing algorithm names', () => {
  it('signs ES256 by default (what every common JWT middleware verifies)', async () => {
    const { tessera } = await createTestTessera();
    expect(tessera.settings.signingAlgorithm).toBe('ES256');
    expect(tessera.keys.jwks().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });

  it('takes Ed25519 (RFC 9864) as the name of EdDSA: the key and tokens carry EdDSA', async () => {
    const { tessera } = await createTestTessera({ signingAlgorithm: 'Ed25519' });
    expect(tessera.settings.signingAlgorithm).toBe('EdDSA');
    expect(tessera.keys.jwks().keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    const { token } = await tessera.accessTokens.issue({ subject: 'u', clientId: 'tessera', scope: '', audience: 'https://auth.example.test' });
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
  });

  it('keeps the Ed25519-named key across a restart (no switch of algorithm)', async () => {
    const stores = createMemoryStores();
    const { tessera: first } = await createTestTessera({ signingAlgorithm: 'EdDSA' }, stores);
    const { tessera: second } = await createTestTessera({ signingAlgorithm: 'Ed25519' }, stores);
    expect((await second.keys.signingKey()).kid).toBe((await first.keys.signingKey()).kid);
  });
});

describe('KeyManager algorithm change', () => {
  it('keeps verifying the old algorithm\'s tokens until they expire, then unpublishes its keys', async () => {
    const stores = createMemoryStores();
    const { tessera: before } = await createTestTessera({ signingAlgorithm: 'EdDSA', accessTokenTtlSeconds: 600 }, stores);
    const old = await before.accessTokens.issue({ subject: 'u', clientId: 'tessera', scope: '', audience: 'https://auth.example.test' });
    const { tessera: after } = await createTestTessera({ signingAlgorithm: 'ES256', accessTokenTtlSeconds: 600 }, stores);
    expect(after.keys.algorithms().sort()).toEqual(['ES256', 'EdDSA']);
    await expect(after.tokens.authenticateAccessToken(old.token)).resolves.toMatchObject({ sub: 'u' });
    // Both cores' fake clocks start at the same instant; retirement is one token lifetime (+60 s) later.
    await stores.keys.deleteRetired(after.clock.now() + 661_000);
    await after.keys.reload();
    expect(after.keys.algorithms()).toEqual(['ES256']);
  });
});

describe('KeyManager repeated rotation', () => {
  it('retires a staged key that a second rotation supersedes', async () => {
    const { tessera, clock } = await createTestTessera({ jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 });
    const first = (await tessera.keys.signingKey()).kid;
    const staged = await tessera.keys.rotate();
    clock.advanceSeconds(10);
    const latest = await tessera.keys.rotate();
    expect(tessera.keys.jwks().keys.map((k) => k.kid)).toEqual([first, staged.kid, latest.kid]);
    clock.advanceSeconds(310 + 600 + 61);
    await tessera.keys.reload();
    expect(tessera.keys.jwks().keys.map((k) => k.kid)).toEqual([latest.kid]);
  });
});
