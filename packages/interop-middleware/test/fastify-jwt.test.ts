import fastifyJwt, { type TokenOrHeader } from '@fastify/jwt';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import buildGetJwks from 'get-jwks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithBearer, tamperedSignature } from './support/protected-route.js';
import { ORDERS_API, startTessera, type InteropTessera } from './support/start-tessera.js';

// @fastify/jwt (fast-jwt) with get-jwks: the pairing that refused Tessera's old default with
// `Unsupported key type "OKP"`. get-jwks reads `${iss}/.well-known/jwks.json`, which Tessera serves.
describe('@fastify/jwt + get-jwks, unmodified, verify a default Tessera token', () => {
  let tessera: InteropTessera;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    tessera = await startTessera();
    const getJwks = buildGetJwks({ issuersWhitelist: [tessera.issuer] });
    app = Fastify();
    await app.register(fastifyJwt, {
      decode: { complete: true },
      // With `decode: { complete: true }` the callback gets the whole decoded token.
      secret: (_request: FastifyRequest, token: TokenOrHeader): Promise<string> => {
        const { header, payload } = token as { header: { kid?: string; alg: string }; payload: { iss: string } };
        return getJwks.getPublicKey({ kid: header.kid, alg: header.alg, domain: payload.iss });
      },
      verify: { algorithms: ['ES256'], allowedIss: tessera.issuer, allowedAud: ORDERS_API.audience },
    });
    app.get('/orders', async (request, reply) => {
      try {
        const claims = await request.jwtVerify<{ sub: string; scope?: string }>();
        return { sub: claims.sub, scope: claims.scope };
      } catch {
        return reply.code(401).send({ error: 'unauthorized' });
      }
    });
    url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/orders`;
  });

  afterAll(async () => {
    await app.close();
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
