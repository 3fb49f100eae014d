import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, withAuth } from '../../src/adapters/node.js';
import type { Verifier } from '../../src/index.js';
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
