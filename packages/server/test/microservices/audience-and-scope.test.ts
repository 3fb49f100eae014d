import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMicroservicesServer, type MicroservicesServer } from './support/microservices-server.js';
import { startBilling, startOrders, type RunningService } from './support/resource-services.js';
import { ShopTokens } from './support/shop-tokens.js';

let server: MicroservicesServer;
let orders: RunningService;
let billing: RunningService;
let shop: ShopTokens;
let user: { email: string; password: string };

beforeAll(async () => {
  server = await startMicroservicesServer();
  shop = new ShopTokens(server.url);
  billing = await startBilling({ issuer: server.url });
  orders = await startOrders({ issuer: server.url, billingUrl: billing.url, serviceClient: server.clients.ordersService });
  user = await shop.newUser();
});

afterAll(async () => {
  await orders?.close();
  await billing?.close();
  await server?.close();
});

function call(service: RunningService, method: string, path: string, token: string): Promise<Response> {
  return fetch(`${service.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
}

describe('services verify independently, each for its own audience and scopes (real HTTP)', () => {
  it('a token for audience orders works at orders and is refused by billing', async () => {
    const { access_token } = await shop.login(user, 'orders', 'orders:read orders:write');
    expect((await call(orders, 'GET', '/orders', access_token)).status).toBe(200);
    const refused = await call(billing, 'GET', '/invoices', access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await refused.json()).toMatchObject({ error: 'invalid_token' });
    expect(billing.verifier.metrics().failed.audience_mismatch).toBeGreaterThanOrEqual(1);
  });

  it('a token for audience billing is refused by orders, accepted by billing', async () => {
    const { access_token } = await shop.login(user, 'billing', 'billing:read');
    expect((await call(billing, 'GET', '/invoices', access_token)).status).toBe(200);
    expect((await call(orders, 'GET', '/orders', access_token)).status).toBe(401);
  });

  it('a missing scope is refused with 403 insufficient_scope naming the scope', async () => {
    const { access_token } = await shop.login(user, 'orders', 'orders:read');
    expect((await call(orders, 'GET', '/orders', access_token)).status).toBe(200);
    const refused = await call(orders, 'POST', '/orders', access_token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="orders:read orders:write"/);
  });

  it('orders calls billing with a client_credentials token of its own; that token is no good at orders', async () => {
    const { access_token } = await shop.login(user, 'orders', 'orders:read orders:write');
    const placed = await call(orders, 'POST', '/orders', access_token);
    expect(placed.status).toBe(201);
    expect(await placed.json()).toMatchObject({ charged: true, billing: { client: 'orders-service', sub: 'orders-service' } });

    const serviceToken = await shop.http.form('/oauth/token', { grant_type: 'client_credentials', audience: 'billing', scope: 'billing:charge' }, { basic: server.clients.ordersService });
    expect(serviceToken.status).toBe(200);
    expect((await call(orders, 'GET', '/orders', serviceToken.body.access_token)).status).toBe(401);
    // A user token for billing lacks billing:charge: users cannot charge directly.
    const userBilling = await shop.login(user, 'billing', 'billing:read');
    expect((await call(billing, 'POST', '/charges', userBilling.access_token)).status).toBe(403);
  });

  it('a client cannot get a token for an audience it is not registered for', async () => {
    const result = await shop.http.form('/oauth/token', { grant_type: 'client_credentials', audience: 'orders' }, { basic: server.clients.ordersService });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: 'invalid_target' });
  });
});
