import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrders, type RunningService } from './support/resource-services.js';
import { ThrowawayTesseraServer } from '@tessera/testing';
import { addShopClients } from './support/cli-shop-clients.js';
import { ShopTokens } from './support/shop-tokens.js';
import { setTimeout as sleep } from 'node:timers/promises';

// `tessera keys rotate` is another process writing to the server's database: the running server
// must publish the staged key (its key timer reloads every TESSERA_JWKS_MAX_AGE / 4, at least 1 s)
// well before the key starts signing.
const jwksMaxAgeSeconds = 4;

let server: ThrowawayTesseraServer;
let orders: RunningService;
let shop: ShopTokens;

beforeAll(async () => {
  server = await ThrowawayTesseraServer.start({ tempPrefix: 'tessera-process-', env: { TESSERA_JWKS_MAX_AGE: String(jwksMaxAgeSeconds) } });
  await addShopClients(server);
  shop = new ShopTokens(server.url);
  orders = await startOrders({ issuer: server.url, jwksCacheMaxAgeMs: jwksMaxAgeSeconds * 1000, jwksCooldownMs: 1000 });
}, 120_000);

afterAll(async () => {
  await orders?.close();
  await server?.dispose();
});

async function publishedKids(): Promise<string[]> {
  const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

async function status(token: string): Promise<number> {
  const response = await fetch(`${orders.url}/orders`, { headers: { authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;

describe('tessera keys rotate against a running server (child process, SQLite)', () => {
  it('the server publishes the staged key before it signs; old and new tokens both verify', async () => {
    const user = await shop.newUser();
    const old = await shop.login(user, 'orders', 'orders:read');
    expect(await status(old.access_token)).toBe(200);

    const staged = JSON.parse(await server.cli(['keys', 'rotate'])) as { kid: string; activates_at: string };
    const activatesAt = Date.parse(staged.activates_at);
    while (!(await publishedKids()).includes(staged.kid)) {
      expect(Date.now(), 'published before it signs').toBeLessThan(activatesAt);
      await sleep(100);
    }

    let fresh = old;
    while (kidOf(fresh.access_token) !== staged.kid) {
      expect(await status(old.access_token)).toBe(200);
      await sleep(200);
      fresh = await shop.login(user, 'orders', 'orders:read');
    }
    expect(await status(fresh.access_token)).toBe(200);
    expect(await status(old.access_token)).toBe(200);
    expect(await publishedKids()).toEqual([kidOf(old.access_token), staged.kid]);
    const { failed } = orders.verifier.metrics();
    expect(failed.unknown_key + failed.invalid_signature + failed.jwks_unavailable).toBe(0);
  }, 60_000);
});
