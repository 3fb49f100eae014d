import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PublicClientOrigins } from './public-client-origins.js';

/** The endpoints a browser app calls with its tokens, and their methods. */
const clientEndpoints: Readonly<Record<string, readonly string[]>> = {
  '/oauth/token': ['POST'],
  '/oauth/revoke': ['POST'],
  '/oauth/userinfo': ['GET', 'POST'],
};

/** Public documents: any origin may read them (they hold nothing a page could not fetch anyway). */
const publicDocuments = new Set(['/.well-known/jwks.json', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']);

/** Preflight answers are cached this long by the browser (Chromium caps it at 2 h). */
const preflightMaxAgeSeconds = 600;

/**
 * CORS (Fetch standard §3.2) for the endpoints an SPA needs, preflight included: the token,
 * revocation and UserInfo endpoints for the origins of registered public clients (reflected, with
 * `Vary: Origin`), the JWKS and metadata for any origin. Never `Access-Control-Allow-Credentials`:
 * these endpoints authenticate by token or client credentials in the request, never by cookie,
 * so a page gets nothing it could not send itself (RFC 9700 §2.6 for SPAs). Every other route,
 * and every other origin, gets no CORS headers at all, and its preflight a 404.
 */
export async function registerCors(app: FastifyInstance, origins: PublicClientOrigins): Promise<void> {
  await app.register(cors, { hook: 'onRequest', delegator: (request: FastifyRequest) => corsOptionsFor(request, origins) });
}

/** True when `origin` may call `path` cross-origin (the Origin check lets such a POST through). */
export async function isCorsAllowed(origins: PublicClientOrigins, path: string, origin: string): Promise<boolean> {
  return Object.hasOwn(clientEndpoints, path) && (await origins.allows(origin));
}

async function corsOptionsFor(request: FastifyRequest, origins: PublicClientOrigins): Promise<FastifyCorsOptions> {
  const path = request.url.split('?', 1)[0] ?? '';
  if (publicDocuments.has(path)) return { origin: '*', methods: ['GET', 'HEAD'], maxAge: preflightMaxAgeSeconds };
  const origin = request.headers.origin;
  if (origin === undefined || !(await isCorsAllowed(origins, path, origin))) return { origin: false };
  return {
    origin,
    methods: [...(clientEndpoints[path] ?? [])],
    credentials: false,
    // DPoP (RFC 9449 §8, §9) travels in a header of its own, and so does its nonce.
    allowedHeaders: ['authorization', 'content-type', 'dpop'],
    exposedHeaders: ['www-authenticate', 'dpop-nonce'],
    maxAge: preflightMaxAgeSeconds,
  };
}
