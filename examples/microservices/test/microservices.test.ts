import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBillingService, type RunningBillingService } from '../src/billing/billing-service.js';
import { startOrdersService, type RunningOrdersService } from '../src/orders/orders-service.js';
import { ThrowawayTesseraServer } from '@tessera/testing';
import { setTimeout as sleep } from 'node:timers/promises';

let tessera: ThrowawayTesseraServer;
let billing: RunningBillingService;
let orders: RunningOrdersService;
const user = { email: `buyer-${randomUUID()}@example.test`, password: `pw-${randomBytes(12).toString('base64url')}` };

/** The README's setup: three clients, registered with the CLI against the running server's data. */
async function registerClients(): Promise<{ orders: { client_id: string; client_secret: string }; billing: { client_id: string; client_secret: string } }> {
  const [, ordersClient, billingClient] = await Promise.all([
    tessera.cli(['clients', 'add', '--id', 'shop-web', '--name', 'Shop web', '--type', 'public', '--grant', 'password,refresh_token', '--scope', 'orders:read orders:write billing:read', '--audience', 'orders,billing']),
    tessera.cli(['clients', 'add', '--id', 'orders-service', '--name', 'Orders', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'billing:charge', '--audience', 'billing', '--introspect']),
    tessera.cli(['clients', 'add', '--id', 'billing-service', '--name', 'Billing', '--type', 'confidential', '--grant', 'client_credentials', '--audience', 'billing', '--introspect']),
  ]);
  return { orders: JSON.parse(ordersClient), billing: JSON.parse(billingClient) };
}

beforeAll(async () => {
  tessera = await ThrowawayTesseraServer.start({ tempPrefix: 'tessera-example-' });
  const clients = await registerClients();
  billing = await startBillingService({ issuer: tessera.url, host: '127.0.0.1', port: 0, client: { id: clients.billing.client_id, secret: clients.billing.client_secret } });
  orders = await startOrdersService({
    issuer: tessera.url,
    host: '127.0.0.1',
    port: 0,
    billingUrl: billing.url,
    client: { id: clients.orders.client_id, secret: clients.orders.client_secret },
  });
  const signup = await fetch(`${tessera.url}/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  expect(signup.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await orders?.close();
  await billing?.close();
  await tessera?.dispose();
});

async function login(audience: string, scope: string): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${tessera.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'shop-web', username: user.email, password: user.password, audience, scope }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string };
}

async function revoke(token: string, hint: string): Promise<void> {
  const response = await fetch(`${tessera.url}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, token_type_hint: hint, client_id: 'shop-web' }),
  });
  expect(response.status).toBe(200);
}

function call(url: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('not within time');
    await sleep(20);
  }
}

describe('the microservices example against a real Tessera server', () => {
  it('places an order: orders verifies the user, charges billing with its own token; billing shows the invoice', async () => {
    const forOrders = await login('orders', 'orders:read orders:write');
    const placed = await call(`${orders.url}/orders`, forOrders.access_token, { method: 'POST', body: JSON.stringify({ item: 'widget', amount: 42 }) });
    expect(placed.status).toBe(201);
    const { order } = (await placed.json()) as { order: { id: string; invoiceId: string } };
    const listed = (await (await call(`${orders.url}/orders`, forOrders.access_token)).json()) as { orders: { id: string }[] };
    expect(listed.orders.map((o) => o.id)).toEqual([order.id]);

    const forBilling = await login('billing', 'billing:read');
    const invoices = (await (await call(`${billing.url}/invoices`, forBilling.access_token)).json()) as { invoices: { id: string; orderId: string }[] };
    expect(invoices.invoices).toEqual([expect.objectContaining({ id: order.invoiceId, orderId: order.id })]);
  });

  it('each service refuses tokens for the other audience, and tokens without the scope', async () => {
    const forOrders = await login('orders', 'orders:read');
    expect((await call(`${billing.url}/invoices`, forOrders.access_token)).status).toBe(401);
    const readOnly = await call(`${orders.url}/orders`, forOrders.access_token, { method: 'POST', body: JSON.stringify({ item: 'widget', amount: 1 }) });
    expect(readOnly.status).toBe(403);
    expect(readOnly.headers.get('www-authenticate')).toContain('insufficient_scope');
    const forBilling = await login('billing', 'billing:read');
    expect((await call(`${orders.url}/orders`, forBilling.access_token)).status).toBe(401);
    // Users cannot charge: billing:charge belongs to the orders service's client only.
    expect((await call(`${billing.url}/charges`, forBilling.access_token, { method: 'POST', body: '{}' })).status).toBe(403);
  });

  it('a logout at the server reaches both services without a call per request', async () => {
    const forOrders = await login('orders', 'orders:read');
    expect((await call(`${orders.url}/orders`, forOrders.access_token)).status).toBe(200);
    await revoke(forOrders.refresh_token, 'refresh_token');
    await eventually(async () => (await call(`${orders.url}/orders`, forOrders.access_token)).status === 401, 1000);

    const forBilling = await login('billing', 'billing:read');
    expect((await call(`${billing.url}/invoices`, forBilling.access_token)).status).toBe(200);
    await revoke(forBilling.access_token, 'access_token');
    await eventually(async () => (await call(`${billing.url}/invoices`, forBilling.access_token)).status === 401, 1000);
    expect(orders.verifier.metrics().revocations.events).toBeGreaterThanOrEqual(2);
    expect(billing.verifier.metrics().introspection.requests).toBe(0);
  });

  it('a maxStaleness 0 route asks the server: refunds stop the moment the token is revoked', async () => {
    const forOrders = await login('orders', 'orders:read orders:write');
    const placed = (await (await call(`${orders.url}/orders`, forOrders.access_token, { method: 'POST', body: JSON.stringify({ item: 'gadget', amount: 7 }) })).json()) as {
      order: { invoiceId: string };
    };
    const forBilling = await login('billing', 'billing:read');
    const refund = await call(`${billing.url}/refunds/${placed.order.invoiceId}`, forBilling.access_token, { method: 'POST' });
    expect(refund.status).toBe(200);
    const asked = billing.verifier.metrics().introspection.requests;
    expect(asked).toBeGreaterThanOrEqual(1);
    await revoke(forBilling.access_token, 'access_token');
    // No waiting for the stream: introspection answers "inactive" right away.
    expect((await call(`${billing.url}/refunds/${placed.order.invoiceId}`, forBilling.access_token, { method: 'POST' })).status).toBe(401);
  });
});
