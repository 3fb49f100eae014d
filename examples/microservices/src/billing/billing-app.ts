import { randomUUID } from 'node:crypto';
import type { Verifier } from '@tessera/verify';
import { requireAuth } from '@tessera/verify/express';
import express, { type Express } from 'express';

export interface Invoice {
  id: string;
  user: string;
  orderId: string;
  amount: number;
  refunded: boolean;
}

/**
 * The billing service: Express 5, audience `billing`. Each route states the scopes it needs and how
 * old the revocation knowledge behind an accepted token may be (`maxStaleness`):
 *
 * | route | scope | maxStaleness |
 * | --- | --- | --- |
 * | `GET /prices` | `billing:read` | `'exp'`: public prices, a stateless JWT check is enough |
 * | `GET /invoices` | `billing:read` | the verifier's default, 60 s of pushed revocation state |
 * | `POST /charges` | `billing:charge` (the orders service's own token) | 30 s |
 * | `POST /refunds/:id` | `billing:read` | `0`: asks Tessera (introspection) on every call |
 */
export function createBillingApp(verifier: Verifier, options: { introspection: boolean }): Express {
  const invoices: Invoice[] = [];
  const app = express();
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/prices', requireAuth(verifier, { requiredScopes: ['billing:read'], maxStaleness: 'exp' }), (_req, res) => {
    res.json({ prices: { widget: 42 } });
  });

  app.get('/invoices', requireAuth(verifier, { requiredScopes: ['billing:read'] }), (req, res) => {
    res.json({ invoices: invoices.filter((invoice) => invoice.user === req.auth?.sub) });
  });

  app.post('/charges', requireAuth(verifier, { requiredScopes: ['billing:charge'], maxStaleness: 30 }), (req, res) => {
    const body = req.body as { user?: unknown; orderId?: unknown; amount?: unknown } | undefined;
    if (typeof body?.user !== 'string' || typeof body.orderId !== 'string' || typeof body.amount !== 'number') {
      res.status(400).json({ error: 'invalid_request' });
      return;
    }
    const invoice: Invoice = { id: randomUUID(), user: body.user, orderId: body.orderId, amount: body.amount, refunded: false };
    invoices.push(invoice);
    res.status(201).json({ invoice, charged_by: req.auth?.client_id });
  });

  if (options.introspection) {
    app.post('/refunds/:id', requireAuth(verifier, { requiredScopes: ['billing:read'], maxStaleness: 0 }), (req, res) => {
      const invoice = invoices.find((candidate) => candidate.id === req.params.id && candidate.user === req.auth?.sub);
      if (invoice === undefined) {
        res.status(404).json({ error: 'not_found' });
        return;
      }
      invoice.refunded = true;
      res.json({ invoice });
    });
  }
  return app;
}
