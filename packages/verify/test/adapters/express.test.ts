import type { AddressInfo } from 'node:net';
import express from 'express';
import { requireAuth } from '../../src/adapters/express.js';
import { adapterContract } from './adapter-contract.js';

adapterContract('express', async (verifier) => {
  const app = express();
  app.get('/me', requireAuth(verifier), (req, res) => {
    res.json({ sub: req.auth?.sub });
  });
  app.get('/write', requireAuth(verifier, { requiredScopes: ['orders:write'] }), (req, res) => {
    res.json({ sub: req.auth?.sub });
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
});
