/**
 * A bare Fastify microservice whose routes authenticate with `@tessera/verify`, one verifier per
 * route, configured from LAB_ROUTES (JSON: path → { options for `createVerifier`, tokenFrom }).
 * `GET /healthz` is its no-auth route. Used for HS256 (single-service, shared secret), the
 * verified-token cache, introspection (the network hop), and the revocation probes (pushed,
 * introspecting, stateless).
 *
 * `tokenFrom: "cookie"` reads the token from the cookie `cookieName` instead of
 * `Authorization: Bearer` (a session id checked through introspection).
 */
import Fastify from 'fastify';
import { loadCreateVerifier, type VerifierLike } from '../verify-api.js';

export interface VerifierRoute {
  options: Record<string, unknown> & { secretBase64url?: string };
  tokenFrom?: 'bearer' | 'cookie';
  cookieName?: string;
}

const port = Number(process.env.PORT ?? 0);
const routes = JSON.parse(process.env.LAB_ROUTES ?? '{}') as Record<string, VerifierRoute>;

const loaded = await loadCreateVerifier();
if (!loaded.ok) {
  process.stderr.write(`${loaded.reason}\n`);
  process.exit(3);
}

function tokenOf(route: VerifierRoute, headers: Record<string, string | string[] | undefined>): string | null {
  if (route.tokenFrom !== 'cookie') {
    const header = headers.authorization;
    return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null;
  }
  const cookie = headers.cookie;
  if (typeof cookie !== 'string') return null;
  for (const pair of cookie.split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name === route.cookieName) return decodeURIComponent(rest.join('='));
  }
  return null;
}

const app = Fastify({ logger: false });
const verifiers: VerifierLike[] = [];
app.get('/healthz', async () => ({ ok: true }));
for (const [path, route] of Object.entries(routes)) {
  const { secretBase64url, ...options } = route.options;
  const verifier = loaded.value(secretBase64url ? { ...options, secret: Buffer.from(secretBase64url, 'base64url') } : options);
  verifiers.push(verifier);
  app.get(path, async (request, reply) => {
    const token = tokenOf(route, request.headers);
    if (token === null) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'invalid_token' });
    try {
      const claims = await verifier.verify(token);
      return { sub: claims.sub, auth: 'verifier' };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({ error: typeof code === 'string' ? code : 'invalid_token' });
    }
  });
}

await app.listen({ port, host: '127.0.0.1' });
const shutdown = () => {
  void app.close().finally(() => {
    for (const verifier of verifiers) void verifier.close?.();
    process.exit(0);
  });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
