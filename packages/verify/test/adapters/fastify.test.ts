import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { authPreHandler, tesseraAuth } from '../../src/adapters/fastify.js';
import { createVerifier } from '../../src/index.js';
import { generateTestKey } from '../support/keys.js';
import { accessToken, NOW_MS } from '../support/tokens.js';
import { adapterContract } from './adapter-contract.js';

adapterContract('fastify (preHandler)', async (verifier) => {
  const app = Fastify();
  app.get('/me', { preHandler: authPreHandler(verifier) }, async (request) => ({ sub: request.auth?.sub }));
  app.get('/write', { preHandler: authPreHandler(verifier, { requiredScopes: ['orders:write'] }) }, async (request) => ({ sub: request.auth?.sub }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
});

adapterContract('fastify (plugin)', async (verifier) => {
  const app = Fastify();
  await app.register(tesseraAuth, { verifier });
  app.get('/me', async (request) => ({ sub: request.auth?.sub }));
  app.get('/write', { config: { tesseraAuth: { requiredScopes: ['orders:write'] } } }, async (request) => ({ sub: request.auth?.sub }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
});

describe('fastify plugin', () => {
  it('leaves routes with tesseraAuth: false public and never runs the handler of a refused request', async () => {
    const key = generateTestKey('EdDSA');
    const verifier = createVerifier({ issuer: 'https://auth.test', audience: 'orders', keys: { keys: [key.jwk] }, clock: { now: () => NOW_MS } });
    const app = Fastify();
    let handled = 0;
    await app.register(tesseraAuth, { verifier, requiredScopes: ['orders:read'] });
    app.get('/health', { config: { tesseraAuth: false } }, async () => ({ ok: true }));
    app.get('/orders', async (request) => {
      handled++;
      return { sub: request.auth?.sub };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect((await fetch(`${url}/orders`)).status).toBe(401);
      expect((await fetch(`${url}/orders`, { headers: { authorization: `Bearer ${accessToken(key, { scope: 'profile' })}` } })).status).toBe(403);
      expect(handled).toBe(0);
      const ok = await fetch(`${url}/orders`, { headers: { authorization: `Bearer ${accessToken(key)}` } });
      expect(await ok.json()).toEqual({ sub: 'user-1' });
      expect(handled).toBe(1);
    } finally {
      await app.close();
    }
  });
});
