import { createMemoryStores, createTessera, TokenInvalidError, type Clock, type Stores, type Tessera } from '@tessera/core';
import { isVerifyError } from '@tessera/verify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServerVerifier, SERVER_KEY_REREAD_MS } from '../../src/compose/compose-tessera.js';
import { KeyRotationSchedule } from '../../src/keys/key-rotation-schedule.js';
import { setTimeout as sleep } from 'node:timers/promises';

class FakeClock implements Clock {
  current = Date.UTC(2026, 0, 1);
  now(): number {
    return this.current;
  }
}

const issuer = 'https://auth.example.test';

/** One server instance's core, with the server's verifier, on shared stores. */
function instance(stores: Stores, clock: Clock, jwksMaxAgeSeconds = 300): Promise<Tessera> {
  return createTessera({
    stores,
    clock,
    settings: { issuer, jwksMaxAgeSeconds, accessTokenTtlSeconds: 600 },
    passwordHashing: { memoryCostKiB: 1024, timeCost: 1 },
    createVerifier: createServerVerifier,
  });
}

const userToken = async (tessera: Tessera, audience = tessera.settings.defaultAudience): Promise<string> =>
  (await tessera.accessTokens.issue({ subject: 'user-1', clientId: 'first-party', scope: 'openid', audience, sid: 'family-1' })).token;

/** The refusal's error, or 'accepted'. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => error,
  );
}

/** Lets a background key-set re-read (an in-memory read, but asynchronous) finish. */
const settle = (): Promise<void> => sleep(10);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createServerVerifier (@tessera/verify over the local key set)', () => {
  it('verifies its own tokens and refuses others with TokenInvalidError carrying the VerifyError', async () => {
    const tessera = await instance(createMemoryStores(), new FakeClock());
    const claims = await tessera.tokens.authenticateAccessToken(await userToken(tessera));
    expect(claims).toMatchObject({ iss: issuer, sub: 'user-1', client_id: 'first-party', scope: 'openid', sid: 'family-1' });
    for (const bad of ['', 'a.b.c', 'not-a-jwt', `${(await userToken(tessera)).slice(0, -4)}AAAA`]) {
      const error = await outcome(tessera.tokens.authenticateAccessToken(bad));
      expect(error).toBeInstanceOf(TokenInvalidError);
      expect(isVerifyError((error as Error).cause)).toBe(true);
    }
  });

  it('checks the audience once, in TokenService: introspection still sees tokens for other audiences', async () => {
    const tessera = await instance(createMemoryStores(), new FakeClock());
    const forOrders = await userToken(tessera, 'orders');
    expect(await outcome(tessera.tokens.authenticateAccessToken(forOrders))).toMatchObject({ message: 'access token is for another audience' });
    const { client: ordersApi } = await tessera.clients.register({ name: 'Orders API', type: 'confidential', grantTypes: ['client_credentials'], scopes: [], audiences: ['orders'], introspect: true });
    expect(await tessera.tokens.introspect(ordersApi, forOrders)).toMatchObject({ active: true, aud: 'orders' });
  });

  it('a cached verification never outlives a revocation: the denylist runs on every request', async () => {
    const tessera = await instance(createMemoryStores(), new FakeClock());
    const token = await userToken(tessera);
    let claims = await tessera.tokens.authenticateAccessToken(token);
    for (let i = 0; i < 3; i++) claims = await tessera.tokens.authenticateAccessToken(token);
    await tessera.revocation.revokeAccessToken(claims.jti, claims.sub, claims.exp * 1000);
    expect(await outcome(tessera.tokens.authenticateAccessToken(token))).toMatchObject({ message: 'access token is revoked' });
  });

  it('a cached verification dies at exp (with the same clock tolerance as an uncached one)', async () => {
    const clock = new FakeClock();
    const tessera = await instance(createMemoryStores(), clock);
    const token = await userToken(tessera);
    await tessera.tokens.authenticateAccessToken(token);
    clock.current += 600_000 + 5_000 - 1;
    await expect(tessera.tokens.authenticateAccessToken(token)).resolves.toBeDefined();
    clock.current += 1;
    expect(await outcome(tessera.tokens.authenticateAccessToken(token))).toBeInstanceOf(TokenInvalidError);
  });

  it('a key added by another instance is used as soon as this instance\'s key timer reloads it, with no network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const stores = createMemoryStores();
    const clock = new FakeClock();
    // jwksMaxAgeSeconds 0: a rotated key signs at once, so nothing but the unknown kid can announce it.
    const a = await instance(stores, clock, 0);
    const b = await instance(stores, clock, 0);
    await a.tokens.authenticateAccessToken(await userToken(a));
    const staged = await b.keys.rotate();
    const fromB = await userToken(b);
    expect(JSON.parse(Buffer.from(fromB.split('.')[0]!, 'base64url').toString())).toMatchObject({ kid: staged.kid });
    // A has not reloaded its KeyManager yet: the kid is unknown there.
    expect(await outcome(a.tokens.authenticateAccessToken(fromB))).toBeInstanceOf(TokenInvalidError);
    // A's key timer ticks; the very next request re-reads A's in-memory set (no clock movement needed).
    await new KeyRotationSchedule(a, { intervalSeconds: 0, checkIntervalMs: 1000 }, { info: () => undefined, warn: () => undefined }).tick();
    await expect(a.tokens.authenticateAccessToken(fromB)).resolves.toMatchObject({ sub: 'user-1' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('a key withdrawn from the key set stops verifying within the re-read interval, even for cached tokens', async () => {
    const stores = createMemoryStores();
    const clock = new FakeClock();
    const tessera = await instance(stores, clock);
    const token = await userToken(tessera);
    for (let i = 0; i < 3; i++) await tessera.tokens.authenticateAccessToken(token);
    // An operator withdraws the key (e.g. suspected compromise): it is gone from the JWKS at once.
    const [key] = tessera.keys.jwks().keys;
    await stores.keys.setRetiresAt(key!.kid!, clock.now() + 1);
    await tessera.keys.reload();
    clock.current += SERVER_KEY_REREAD_MS + 1;
    await outcome(tessera.tokens.authenticateAccessToken(token));
    await settle();
    expect(await outcome(tessera.tokens.authenticateAccessToken(token))).toBeInstanceOf(TokenInvalidError);
  });
});
