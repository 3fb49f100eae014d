import { randomUUID } from 'node:crypto';
import type { Verifier } from '@tessera/verify';
import { tesseraAuth } from '@tessera/verify/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BillingClient } from './billing-client.js';

export interface Order {
  id: string;
  user: string;
  item: string;
  amount: number;
  invoiceId: string;
}

/**
 * The orders service: Fastify 5, audience `orders`. The `tesseraAuth` plugin protects every route
 * with `orders:read`; a route adds scopes and sets its own staleness budget in `config.tesseraAuth`:
 *
 * | route | scopes | maxStaleness |
 * | --- | --- | --- |
 * | `GET /orders` | `orders:read` | the verifier's default, 60 s |
 * | `POST /orders` | `orders:read orders:write` | 30 s: placing an order charges money |
 * | `GET /healthz` | public | |
 */
export async function createOrdersApp(verifier: Verifier, billing: BillingClient): Promise<FastifyInstance> {
  const orders: Order[] = [];
  const app = Fastify({ logger: false });
  await app.register(tesseraAuth, { verifier, requiredScopes: ['orders:read'] });

  app.get('/healthz', { config: { tesseraAuth: false } }, async () => ({ status: 'ok' }));

  app.get('/orders', async (request) => ({ orders: orders.filter((order) => order.user === request.auth?.sub) }));

  app.post<{ Body: { item?: unknown; amount?: unknown } }>(
    '/orders',
    { config: { tesseraAuth: { requiredScopes: ['orders:write'], maxStaleness: 30 } } },
    async (request, reply) => {
      const { item, amount } = request.body ?? {};
      if (typeof item !== 'string' || typeof amount !== 'number' || !(amount > 0)) return reply.code(400).send({ error: 'invalid_request' });
      const user = request.auth?.sub as string;
      const id = randomUUID();
      const { invoice } = await billing.charge({ user, orderId: id, amount });
      const order: Order = { id, user, item, amount, invoiceId: invoice.id };
      orders.push(order);
      return reply.code(201).send({ order });
    },
  );
  return app;
}
