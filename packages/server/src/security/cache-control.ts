import type { FastifyInstance } from 'fastify';

/** Paths whose answers carry credentials or user data. */
const privatePrefixes = ['/auth/', '/oauth/', '/api/'];

/**
 * `Cache-Control: no-store` on every auth, token and API answer, errors included (RFC 6749 §5.1,
 * ASVS 5.0 V14.3.2); the token endpoint adds `Pragma: no-cache` for HTTP/1.0 caches. Routes that
 * are public and cacheable (JWKS, metadata) set their own header.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (privatePrefixes.some((prefix) => request.url.startsWith(prefix))) {
      reply.header('cache-control', 'no-store');
      if (request.url.startsWith('/oauth/')) reply.header('pragma', 'no-cache');
    }
    return payload;
  });
}
