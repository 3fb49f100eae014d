import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { authenticate, withAuth } from '../../src/adapters/node.js';
import { createVerifier, type Verifier } from '../../src/index.js';
import { generateTestKey } from '../support/keys.js';
import { accessToken, AUDIENCE, ISSUER, NOW_MS } from '../support/tokens.js';
import { adapterContract, type RunningApp } from './adapter-contract.js';

async function listen(server: Server): Promise<RunningApp> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

adapterContract('node:http (authenticate)', (verifier: Verifier) =>
  listen(
    createServer((req, res) => {
      const options = req.url === '/write' ? { requiredScopes: ['orders:write'] } : undefined;
      void authenticate(verifier, req, res, options).then((claims) => {
        if (claims !== undefined) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: claims.sub }));
      });
    }),
  ),
);

adapterContract('node:http (withAuth)', (verifier: Verifier) => {
  const me = withAuth(verifier, (req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: req.auth.sub })));
  const write = withAuth(verifier, (req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sub: req.auth.sub })), {
    requiredScopes: ['orders:write'],
  });
  return listen(createServer((req, res) => (req.url === '/write' ? write(req, res) : me(req, res))));
});

describe('node:http when the keys cannot be fetched', () => {
  it('answers 503 with Retry-After, never 401, so the client keeps its token', async () => {
    const key = generateTestKey('EdDSA');
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      clock: { now: () => NOW_MS },
      fetch: () => Promise.resolve(new Response('down', { status: 502 })),
    });
    const app = await listen(createServer((req, res) => void authenticate(verifier, req, res).then((claims) => claims !== undefined && res.end('ok'))));
    try {
      const response = await fetch(`${app.url}/me`, { headers: { authorization: `Bearer ${accessToken(key)}` } });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(await response.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'the key set could not be loaded' });
    } finally {
      await app.close();
    }
  });
});
