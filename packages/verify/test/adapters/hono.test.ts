import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bearerAuth } from '../../src/adapters/hono.js';
import { adapterContract } from './adapter-contract.js';

adapterContract('hono', async (verifier) => {
  const app = new Hono();
  app.get('/me', bearerAuth(verifier), (c) => c.json({ sub: c.get('auth').sub }));
  app.get('/write', bearerAuth(verifier, { requiredScopes: ['orders:write'] }), (c) => c.json({ sub: c.get('auth').sub }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
