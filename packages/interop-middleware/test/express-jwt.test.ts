import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expressjwt } from 'express-jwt';
import { decodeProtectedHeader } from 'jose';
import jwksRsa from 'jwks-rsa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithBearer, tamperedSignature } from './support/protected-route.js';
import { ORDERS_API, startTessera, type InteropTessera } from './support/start-tessera.js';

// express-jwt 8 verifies with jsonwebtoken, which has no EdDSA: this is the middleware that broke
// on Tessera's old default (`Unknown key type "ed25519"`).
describe('express-jwt + jwks-rsa, unmodified, verify a default Tessera token', () => {
  let tessera: InteropTessera;
  let http: Server;
  let url: string;

  beforeAll(async () => {
    tessera = await startTessera();
    const app = express();
    app.get(
      '/orders',
      expressjwt({
        secret: jwksRsa.expressJwtSecret({ jwksUri: tessera.jwksUri, cache: true, rateLimit: true }) as jwksRsa.GetVerificationKey,
        algorithms: ['ES256'],
        issuer: tessera.issuer,
        audience: ORDERS_API.audience,
        // Not the default `auth`: @tessera/verify's own Express adapter types `req.auth`.
        requestProperty: 'token',
      }),
      (request: express.Request & { token?: { sub?: string; scope?: string } }, response) => {
        response.json({ sub: request.token?.sub, scope: request.token?.scope });
      },
    );
    app.use((error: Error & { status?: number }, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
      response.status(error.status ?? 500).json({ error: error.name });
    });
    http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/orders`;
  });

  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await tessera.close();
  });

  it('accepts the token /oauth/token issued (ES256 by default)', async () => {
    const token = await tessera.accessToken();
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    expect(await callWithBearer(url, token)).toEqual({ status: 200, body: { sub: ORDERS_API.id, scope: ORDERS_API.scope } });
  });

  it('refuses a tampered token and a missing one', async () => {
    const token = await tessera.accessToken();
    expect((await callWithBearer(url, tamperedSignature(token))).status).toBe(401);
    expect((await callWithBearer(url, undefined)).status).toBe(401);
  });
});
