/**
 * Microservices and peers, each a bare process with its own no-auth route as baseline:
 * `@tessera/verify` uncached, with its verified-token cache, through introspection (the
 * article's network hop, for a token and for a session id), HS256 with a shared secret, and the
 * peers: Fastify + `jose.jwtVerify`, Express 5 + express-session + connect-redis.
 */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import { redisDbUrl, flushRedisDb } from '../process/infrastructure.js';
import { startService, type LabProcess } from '../process/lab-processes.js';
import { peerRedisDb, type ServerPool } from '../server-pool.js';
import { cookieHeaderFrom } from '../tessera-client.js';
import { loadCreateVerifier } from '../verify-api.js';
import type { VerifierRoute } from '../services/verifier-service.js';
import { registerIntrospectionClient, type ClientCredentials } from './introspection-client.js';
import { measureHttp, noAuthSpec, type HttpMeasureSpec } from './http-measure.js';

export const verifyServiceModeIds = ['svc-verify-EdDSA', 'svc-verify-EdDSA-cache', 'introspect-token', 'introspect-session'];
export const hs256ModeIds = ['svc-verify-HS256', 'svc-verify-HS256-cache'];
export const peerModeIds = ['peer-jose-EdDSA', 'peer-express-session-redis'];

let introspectionClient: Promise<ClientCredentials> | undefined;
/** One introspection client per run, registered on the default server. */
export function introspectionClientFor(ctx: LabContext, pool: ServerPool): Promise<ClientCredentials> {
  introspectionClient ??= pool.get('sqlite').then((server) => registerIntrospectionClient(ctx, server));
  return introspectionClient;
}

/** The session cookie's name and value (the pair whose name mentions "session", else the first). */
export function sessionCookiePair(cookieHeader: string): { name: string; value: string } | null {
  const pairs = cookieHeader.split(';').map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  return pairs.find((pair) => /sess/i.test(pair.name)) ?? pairs[0] ?? null;
}

export async function runVerifyServiceModes(ctx: LabContext, pool: ServerPool): Promise<void> {
  const wanted = verifyServiceModeIds.filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  const loaded = await loadCreateVerifier();
  if (!loaded.ok) {
    for (const id of wanted) skip(ctx, id, loaded.reason);
    return;
  }
  let tessera;
  try {
    tessera = await pool.get('sqlite');
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  const issuer = tessera.url;
  const base = { issuer, audience: issuer };
  const routes: Record<string, VerifierRoute> = {
    '/api/me': { options: { ...base, cache: false } },
    '/api/me-cached': { options: { ...base, cache: { maxEntries: 10_000 } } },
  };
  let client: ClientCredentials | null = null;
  if (wanted.includes('introspect-token') || wanted.includes('introspect-session')) {
    try {
      client = await introspectionClientFor(ctx, pool);
    } catch (error) {
      for (const id of ['introspect-token', 'introspect-session']) if (wanted.includes(id)) skip(ctx, id, errorMessage(error));
    }
  }
  const cookie = sessionCookiePair(tessera.session.cookie);
  if (client) {
    const introspecting = { ...base, maxStaleness: 0, client: { id: client.id, secret: client.secret }, introspection: {} };
    routes['/api/me-introspect'] = { options: introspecting };
    if (cookie) routes['/api/me-introspect-session'] = { options: introspecting, tokenFrom: 'cookie', cookieName: cookie.name };
  }
  let service: LabProcess;
  try {
    service = await startService(ctx, { id: 'svc-verify', label: 'Fastify + @tessera/verify', module: 'services/verifier-service', env: { LAB_ROUTES: JSON.stringify(routes) } });
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  const serverLabel = 'bare Fastify + @tessera/verify';
  const baselineId = 'no-auth-svc-verify';
  const tokens = await tessera.client.distinctAccessTokens(tessera.credentials, ctx.settings.tokenPoolSize, Date.now() + 20_000);
  const bearerPool = tokens.map((token) => ({ authorization: `Bearer ${token}` }));
  const specs: HttpMeasureSpec[] = [noAuthSpec(baselineId, serverLabel, service.url, '/healthz', service.cpuPids)];
  const add = (id: string, spec: Omit<HttpMeasureSpec, 'id' | 'server' | 'baselineId'>) => {
    if (wanted.includes(id)) specs.push({ id, server: serverLabel, baselineId, ...spec });
  };
  add('svc-verify-EdDSA', {
    label: '@tessera/verify EdDSA (microservice)',
    group: 'jwt',
    request: `GET /api/me, Bearer, ${tokens.length} distinct tokens, no cache`,
    load: { url: `${service.url}/api/me`, headerPool: bearerPool },
    cpuPids: service.cpuPids,
  });
  add('svc-verify-EdDSA-cache', {
    label: '@tessera/verify EdDSA, verified-token cache',
    group: 'jwt',
    request: `GET /api/me-cached, Bearer, ${tokens.length} distinct tokens, cache on (all hits after warmup)`,
    load: { url: `${service.url}/api/me-cached`, headerPool: bearerPool },
    cpuPids: service.cpuPids,
  });
  if (client) {
    add('introspect-token', {
      label: 'access token via introspection (network hop)',
      group: 'introspection',
      request: 'GET /api/me-introspect, Bearer; the service POSTs /oauth/introspect to Tessera per request (maxStaleness 0)',
      load: { url: `${service.url}/api/me-introspect`, headerPool: bearerPool },
      cpuPids: [...service.cpuPids, ...tessera.cpuPids],
      notes: ['CPU of both processes (service and Tessera) is charged: the hop costs both.'],
    });
    if (cookie) {
      add('introspect-session', {
        label: 'session id via introspection (network hop)',
        group: 'introspection',
        request: 'GET /api/me-introspect-session with the session cookie; the service introspects the session id per request',
        load: { url: `${service.url}/api/me-introspect-session`, headers: { cookie: `${cookie.name}=${cookie.value}` } },
        cpuPids: [...service.cpuPids, ...tessera.cpuPids],
        notes: ['CPU of both processes (service and Tessera) is charged: the hop costs both.'],
      });
    } else if (wanted.includes('introspect-session')) skip(ctx, 'introspect-session', 'no session cookie to introspect');
  }
  await measureHttp(ctx, specs);
  await service.stop();
}

export async function hs256Tokens(secret: Buffer, issuer: string, audience: string, count: number): Promise<string[]> {
  const now = Math.floor(Date.now() / 1000);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({ client_id: 'tessera', scope: 'openid profile', sid: `fam_${i}`, jti: randomBytes(12).toString('base64url') })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(`usr_${i}`)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(secret),
    ),
  );
}

export async function runHs256Modes(ctx: LabContext): Promise<void> {
  const wanted = hs256ModeIds.filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  const loaded = await loadCreateVerifier();
  if (!loaded.ok) {
    for (const id of wanted) skip(ctx, id, loaded.reason);
    return;
  }
  const secret = randomBytes(32);
  const issuer = 'http://127.0.0.1:1';
  const audience = 'lab-api';
  const base = { issuer, audience, secretBase64url: secret.toString('base64url') };
  let service: LabProcess;
  try {
    service = await startService(ctx, {
      id: 'svc-hs256',
      label: 'Fastify + @tessera/verify (HS256)',
      module: 'services/verifier-service',
      env: { LAB_ROUTES: JSON.stringify({ '/api/me': { options: { ...base, cache: false } }, '/api/me-cached': { options: { ...base, cache: { maxEntries: 10_000 } } } }) },
    });
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  const tokens = await hs256Tokens(secret, issuer, audience, ctx.settings.tokenPoolSize);
  const headerPool = tokens.map((token) => ({ authorization: `Bearer ${token}` }));
  const serverLabel = 'bare Fastify + @tessera/verify, shared HS256 secret';
  const baselineId = 'no-auth-svc-hs256';
  const note = 'Single-service configuration: Tessera signs asymmetrically, so the lab mints HS256 tokens with the same claims and the service verifies them with a shared secret.';
  const specs: HttpMeasureSpec[] = [noAuthSpec(baselineId, serverLabel, service.url, '/healthz', service.cpuPids)];
  if (wanted.includes('svc-verify-HS256')) {
    specs.push({ id: 'svc-verify-HS256', label: 'Bearer JWT HS256 (single service)', group: 'jwt', server: serverLabel, baselineId, request: `GET /api/me, ${tokens.length} distinct tokens, no cache`, load: { url: `${service.url}/api/me`, headerPool }, cpuPids: service.cpuPids, notes: [note] });
  }
  if (wanted.includes('svc-verify-HS256-cache')) {
    specs.push({ id: 'svc-verify-HS256-cache', label: 'Bearer JWT HS256, verified-token cache', group: 'jwt', server: serverLabel, baselineId, request: `GET /api/me-cached, ${tokens.length} distinct tokens, cache on`, load: { url: `${service.url}/api/me-cached`, headerPool }, cpuPids: service.cpuPids, notes: [note] });
  }
  await measureHttp(ctx, specs);
  await service.stop();
}

export async function runPeerModes(ctx: LabContext, pool: ServerPool): Promise<void> {
  if (selected(ctx, 'peer-jose-EdDSA')) {
    try {
      const tessera = await pool.get('sqlite');
      const service = await startService(ctx, {
        id: 'peer-jose',
        label: 'Fastify + jose.jwtVerify',
        module: 'services/jose-peer',
        env: { LAB_ISSUER: tessera.url, LAB_AUDIENCE: tessera.url, LAB_ALGORITHM: 'EdDSA' },
      });
      const tokens = await tessera.client.distinctAccessTokens(tessera.credentials, ctx.settings.tokenPoolSize, Date.now() + 20_000);
      const serverLabel = 'bare Fastify + jose.jwtVerify (peer)';
      await measureHttp(ctx, [
        noAuthSpec('no-auth-peer-jose', serverLabel, service.url, '/healthz', service.cpuPids),
        {
          id: 'peer-jose-EdDSA',
          label: 'peer: Fastify + jose.jwtVerify, EdDSA',
          group: 'peer',
          server: serverLabel,
          baselineId: 'no-auth-peer-jose',
          request: `GET /api/me, Bearer, ${tokens.length} distinct Tessera tokens, createRemoteJWKSet`,
          load: { url: `${service.url}/api/me`, headerPool: tokens.map((token) => ({ authorization: `Bearer ${token}` })) },
          cpuPids: service.cpuPids,
        },
      ]);
      await service.stop();
    } catch (error) {
      skip(ctx, 'peer-jose-EdDSA', errorMessage(error));
    }
  }
  if (selected(ctx, 'peer-express-session-redis')) {
    if (!ctx.redisUrl) {
      skip(ctx, 'peer-express-session-redis', ctx.redisProblem);
      return;
    }
    try {
      const redisUrl = redisDbUrl(ctx.redisUrl, peerRedisDb);
      await flushRedisDb(redisUrl);
      const service = await startService(ctx, { id: 'peer-express', label: 'Express 5 + express-session + connect-redis', module: 'services/express-session-peer', env: { LAB_REDIS_URL: redisUrl } });
      const login = await fetch(`${service.url}/login`, { method: 'POST', signal: AbortSignal.timeout(5000) });
      await login.arrayBuffer();
      const cookie = cookieHeaderFrom(login.headers.getSetCookie());
      if (!cookie) throw new Error('the peer set no session cookie');
      const serverLabel = 'Express 5 + express-session + connect-redis (peer)';
      await measureHttp(ctx, [
        noAuthSpec('no-auth-peer-express', serverLabel, service.url, '/healthz', service.cpuPids),
        {
          id: 'peer-express-session-redis',
          label: 'peer: express-session + connect-redis',
          group: 'peer',
          server: serverLabel,
          baselineId: 'no-auth-peer-express',
          request: 'GET /api/me with the session cookie (session in Redis)',
          load: { url: `${service.url}/api/me`, headers: { cookie } },
          cpuPids: service.cpuPids,
        },
      ]);
      await service.stop();
      await flushRedisDb(redisUrl);
    } catch (error) {
      skip(ctx, 'peer-express-session-redis', errorMessage(error));
    }
  }
}
