import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import jwksRsa from 'jwks-rsa';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithBearer, tamperedSignature } from './support/protected-route.js';
import { ORDERS_API, startTessera, type InteropTessera } from './support/start-tessera.js';

// passport-jwt verifies with jsonwebtoken too (no EdDSA), with the key from jwks-rsa.
describe('passport-jwt + jwks-rsa, unmodified, verify a default Tessera token', () => {
  let tessera: InteropTessera;
  let http: Server;
  let url: string;

  beforeAll(async () => {
    tessera = await startTessera();
    const authenticator = new passport.Passport();
    authenticator.use(
      new JwtStrategy(
        {
          jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
          secretOrKeyProvider: jwksRsa.passportJwtSecret({ jwksUri: tessera.jwksUri, cache: true, rateLimit: true }),
          algorithms: ['ES256'],
          issuer: tessera.issuer,
          audience: ORDERS_API.audience,
        },
        (payload: { sub: string; scope?: string }, done: (error: unknown, user?: object) => void) => done(null, { sub: payload.sub, scope: payload.scope }),
      ),
    );
    const app = express();
    app.use(authenticator.initialize());
    app.get('/orders', authenticator.authenticate('jwt', { session: false }), (request, response) => {
      response.json(request.user);
    });
    http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/orders`;
  });

  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await tessera.close();
  });

  it('accepts the token /oauth/token issued', async () => {
    expect(await callWithBearer(url, await tessera.accessToken())).toEqual({ status: 200, body: { sub: ORDERS_API.id, scope: ORDERS_API.scope } });
  });

  it('refuses a tampered token and a missing one', async () => {
    const token = await tessera.accessToken();
    expect((await callWithBearer(url, tamperedSignature(token))).status).toBe(401);
    expect((await callWithBearer(url, undefined)).status).toBe(401);
  });
});
