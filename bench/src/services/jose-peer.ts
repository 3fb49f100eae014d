/**
 * Peer: a bare Fastify route verifying Tessera's access tokens with plain `jose.jwtVerify` and
 * `createRemoteJWKSet` (the usual way), pinned to the server's algorithm. `GET /healthz` is its
 * no-auth route. LAB_ISSUER, LAB_AUDIENCE, LAB_ALGORITHM configure it.
 */
import Fastify from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const port = Number(process.env.PORT ?? 0);
const issuer = process.env.LAB_ISSUER ?? '';
const audience = process.env.LAB_AUDIENCE ?? issuer;
const algorithm = process.env.LAB_ALGORITHM ?? 'EdDSA';
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.get('/api/me', async (request, reply) => {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'invalid_token' });
  try {
    const { payload } = await jwtVerify(header.slice(7), jwks, { issuer, audience, algorithms: [algorithm], typ: 'at+jwt' });
    return { sub: payload.sub, auth: 'jose' };
  } catch {
    return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token' });
  }
});

await app.listen({ port, host: '127.0.0.1' });
const shutdown = () => void app.close().finally(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
