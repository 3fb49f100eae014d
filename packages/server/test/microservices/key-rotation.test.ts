import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMicroservicesServer, type MicroservicesServer } from './support/microservices-server.js';
import { startOrders, type RunningService } from './support/resource-services.js';
import { ShopTokens } from './support/shop-tokens.js';
import { setTimeout as sleep } from 'node:timers/promises';

// Short lifetimes so the whole timeline takes seconds: a new key signs 1 s after it is published,
// access tokens live 4 s. Verifiers cache the JWKS no longer than the server's max-age, and their
// refetch cooldown is no longer either (the rule docs/microservices.md states: the verifier's
// background refresh also waits for the cooldown).
const jwksMaxAgeSeconds = 1;
const accessTokenTtlSeconds = 4;

let server: MicroservicesServer;
let busy: RunningService;
let idle: RunningService;
let shop: ShopTokens;
let user: { email: string; password: string };

beforeAll(async () => {
  server = await startMicroservicesServer({ jwksMaxAgeSeconds, accessTokenTtlSeconds }, { TESSERA_JWKS_MAX_AGE: String(jwksMaxAgeSeconds) });
  shop = new ShopTokens(server.url);
  const verifierOptions = { issuer: server.url, jwksCacheMaxAgeMs: jwksMaxAgeSeconds * 1000, jwksCooldownMs: 500, clockToleranceSeconds: 0 };
  busy = await startOrders(verifierOptions);
  idle = await startOrders(verifierOptions);
  user = await shop.newUser();
});

afterAll(async () => {
  await busy?.close();
  await idle?.close();
  await server?.close();
});

async function publishedKids(): Promise<string[]> {
  const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

async function status(service: RunningService, token: string): Promise<number> {
  const response = await fetch(`${service.url}/orders`, { headers: { authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

describe('key rotation seen from independent verifiers (real HTTP)', () => {
  it('old tokens keep verifying until they expire; tokens signed with the new key verify at once', async () => {
    const old = await shop.login(user, 'orders', 'orders:read');
    const oldKid = kidOf(old.access_token);
    expect(await status(busy, old.access_token)).toBe(200);
    expect(await status(idle, old.access_token)).toBe(200);

    const staged = await server.tessera.keys.rotate();
    expect(await publishedKids()).toEqual([oldKid, staged.kid]);
    // Published, not yet signing.
    expect(kidOf((await shop.login(user, 'orders', 'orders:read')).access_token)).toBe(oldKid);

    // The busy service keeps serving the old token while the new key activates.
    let fresh = old;
    while (kidOf(fresh.access_token) !== staged.kid) {
      expect(await status(busy, old.access_token)).toBe(200);
      await sleep(100);
      fresh = await shop.login(user, 'orders', 'orders:read');
    }
    expect(Date.now()).toBeGreaterThanOrEqual(staged.activatesAt);
    // Both the busy service and the one that saw no request since before the rotation accept it at once.
    expect(await status(busy, fresh.access_token)).toBe(200);
    expect(await status(idle, fresh.access_token)).toBe(200);

    // The old token still verifies everywhere until its own exp, then expires (not "unknown key").
    const expiresAt = JSON.parse(Buffer.from(old.access_token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    while (Date.now() < expiresAt - 300) {
      expect(await status(busy, old.access_token)).toBe(200);
      expect(await status(idle, old.access_token)).toBe(200);
      await sleep(250);
    }
    await sleep(Math.max(0, expiresAt - Date.now()) + 1100);
    expect(await status(busy, old.access_token)).toBe(401);
    expect(busy.verifier.metrics().failed.token_expired).toBeGreaterThanOrEqual(1);
    for (const service of [busy, idle]) {
      const { failed } = service.verifier.metrics();
      expect(failed.unknown_key + failed.invalid_signature + failed.jwks_unavailable).toBe(0);
    }
    // The old key is still published (it retires one token lifetime plus a minute after the new one activates).
    expect(await publishedKids()).toContain(oldKid);
  });
});
