import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMicroservicesServer, type MicroservicesServer } from './support/microservices-server.js';
import { startOrders, type RunningService } from './support/resource-services.js';
import { ShopTokens } from './support/shop-tokens.js';
import { setTimeout as sleep } from 'node:timers/promises';

const cooldownMs = 1000;

let server: MicroservicesServer;
let orders: RunningService;
let shop: ShopTokens;

beforeAll(async () => {
  server = await startMicroservicesServer();
  shop = new ShopTokens(server.url);
  orders = await startOrders({ issuer: server.url, jwksCooldownMs: cooldownMs });
});

afterAll(async () => {
  await orders?.close();
  await server?.close();
});

/** A well-formed access token for `orders` under a random `kid`, with a random signature. */
function forgedToken(): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'EdDSA', typ: 'at+jwt', kid: randomBytes(16).toString('base64url') };
  const payload = { iss: server.url, sub: 'attacker', aud: 'orders', iat: now, exp: now + 300, jti: randomBytes(8).toString('hex'), client_id: 'shop-web', scope: 'orders:read' };
  return `${encode(header)}.${encode(payload)}.${randomBytes(64).toString('base64url')}`;
}

async function status(token: string): Promise<number> {
  const response = await fetch(`${orders.url}/orders`, { headers: { authorization: `Bearer ${token}` } });
  await response.body?.cancel();
  return response.status;
}

describe('a forged kid storm against a verifying service (real HTTP)', () => {
  it('costs the server at most one JWKS fetch per cooldown, and genuine tokens keep working', async () => {
    const user = await shop.newUser();
    const genuine = await shop.login(user, 'orders', 'orders:read');
    expect(await status(genuine.access_token)).toBe(200);
    const before = await shop.jwksFetchesServed();

    const startedAt = Date.now();
    const statuses: number[] = [];
    for (let burst = 0; burst < 10; burst++) {
      statuses.push(...(await Promise.all(Array.from({ length: 50 }, () => status(forgedToken())))));
      expect(await status(genuine.access_token)).toBe(200);
      await sleep(250);
    }
    const elapsedMs = Date.now() - startedAt;

    const fetches = (await shop.jwksFetchesServed()) - before;
    const allowed = Math.floor(elapsedMs / cooldownMs) + 1;
    console.log(`forged-kid storm: ${statuses.length} forged tokens in ${elapsedMs} ms → ${fetches} JWKS fetches at the server (cooldown ${cooldownMs} ms, at most ${allowed} allowed)`);
    expect(statuses.every((code) => code === 401)).toBe(true);
    expect(fetches).toBeGreaterThanOrEqual(1);
    expect(fetches).toBeLessThanOrEqual(allowed);
    expect(orders.verifier.metrics().failed.unknown_key).toBe(statuses.length);
  });
});
