import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier, type Verifier, type VerifierOptions } from '@tessera/verify';
import { tesseraAuth } from '@tessera/verify/fastify';
import { authenticate } from '@tessera/verify/node';
import Fastify from 'fastify';

export interface RunningService {
  url: string;
  verifier: Verifier;
  close(): Promise<void>;
}

type ServiceVerifierOptions = Omit<VerifierOptions, 'audience'>;

/**
 * `orders`: Fastify with `@tessera/verify/fastify`, audience `orders`. `POST /orders` charges the
 * order at billing with the orders service's own client_credentials token.
 */
export async function startOrders(options: ServiceVerifierOptions & { billingUrl?: string; serviceClient?: { id: string; secret: string } }): Promise<RunningService> {
  const { billingUrl, serviceClient, ...verifierOptions } = options;
  const verifier = createVerifier({ ...verifierOptions, audience: 'orders' });
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(tesseraAuth, { verifier, requiredScopes: ['orders:read'] });
  app.get('/orders', async (request) => ({ user: request.auth?.sub, orders: [] }));
  // Writes want fresher revocation knowledge than reads (when there is a stream to be fresh from).
  const writeBudget = verifierOptions.revocations === 'subscribe' ? { maxStaleness: 30 } : {};
  app.post('/orders', { config: { tesseraAuth: { requiredScopes: ['orders:write'], ...writeBudget } } }, async (request, reply) => {
    if (billingUrl === undefined || serviceClient === undefined) return reply.code(201).send({ charged: false });
    const token = await clientCredentials(options.issuer, serviceClient);
    const charge = await fetch(`${billingUrl}/charges`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: request.auth?.sub, amount: 42 }),
    });
    return reply.code(charge.ok ? 201 : 502).send({ charged: charge.ok, billing: await charge.json() });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    verifier,
    close: async () => {
      verifier.close();
      await app.close();
    },
  };
}

/** `billing`: plain `node:http` with `@tessera/verify/node`, audience `billing`. */
export async function startBilling(options: ServiceVerifierOptions): Promise<RunningService> {
  const verifier = createVerifier({ ...options, audience: 'billing' });
  const server: Server = createServer((req, res) => {
    const route = `${req.method} ${req.url}`;
    const scopes = route === 'POST /charges' ? ['billing:charge'] : ['billing:read'];
    authenticate(verifier, req, res, { requiredScopes: scopes })
      .then((claims) => {
        if (claims === undefined) return;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client: claims.client_id, sub: claims.sub }));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    verifier,
    close: async () => {
      verifier.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function clientCredentials(issuer: string, client: { id: string; secret: string }): Promise<string> {
  const response = await fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', audience: 'billing', scope: 'billing:charge' }),
  });
  if (!response.ok) throw new Error(`client_credentials failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
