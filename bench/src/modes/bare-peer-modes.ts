/**
 * The bare-minimum peers (issue 13): one plain Fastify 5 process (services/bare-peer) with the
 * cheapest correct implementation of each `/api/me` mode, measured in the same run as Tessera.
 * `analysis.ts` reports every Tessera mode per core as a ratio to its peer here.
 */
import { randomBytes } from 'node:crypto';
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import { redisDbUrl } from '../process/infrastructure.js';
import { startService } from '../process/lab-processes.js';
import { peerRedisDb, type ServerPool } from '../server-pool.js';
import { measureHttp, noAuthSpec, type HttpMeasureSpec } from './http-measure.js';

export const barePeerModeIds = ['no-auth-bare', 'bare-crypto-EdDSA', 'bare-map', 'bare-sqlite', 'bare-redis', 'bare-pg'];

/** Which bare peer each Tessera `/api/me` mode is held against (issue 13's targets). */
export const barePeerOf: Readonly<Record<string, string>> = {
  'jwt-EdDSA': 'bare-crypto-EdDSA',
  'jwt-EdDSA-repeated': 'no-auth-bare',
  'session-memory': 'bare-map',
  'session-sqlite': 'bare-sqlite',
  'session-redis': 'bare-redis',
  'session-postgres': 'bare-pg',
};

export async function runBarePeerModes(ctx: LabContext, pool: ServerPool, postgresUrl: string | null): Promise<void> {
  const wanted = barePeerModeIds.filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  let tessera;
  try {
    tessera = await pool.get('sqlite');
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  const token = randomBytes(32).toString('base64url');
  const env: Record<string, string> = { LAB_ISSUERS: JSON.stringify([tessera.url]), LAB_SESSION_TOKEN: token, LAB_EMAIL: tessera.credentials.email, LAB_COOKIE_NAME: 'sid' };
  if (ctx.redisUrl) env.LAB_REDIS_URL = redisDbUrl(ctx.redisUrl, peerRedisDb);
  if (postgresUrl) env.LAB_DATABASE_URL = postgresUrl;
  let service;
  try {
    service = await startService(ctx, { id: 'bare-peer', label: 'bare Fastify 5 peers', module: 'services/bare-peer', env });
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  const serverLabel = 'bare Fastify 5 (peer)';
  const baselineId = 'no-auth-bare';
  const cookie = { cookie: `sid=${token}` };
  const specs: HttpMeasureSpec[] = [noAuthSpec(baselineId, serverLabel, service.url, '/healthz', service.cpuPids)];
  const add = (id: string, label: string, path: string, request: string, load: HttpMeasureSpec['load']) => {
    if (wanted.includes(id)) specs.push({ id, label, group: 'peer', server: serverLabel, baselineId, request: `GET ${path}, ${request}`, load, cpuPids: service.cpuPids });
  };
  if (wanted.includes('bare-crypto-EdDSA')) {
    const tokens = await tessera.client.distinctAccessTokens(tessera.credentials, ctx.settings.tokenPoolSize, Date.now() + 20_000);
    add('bare-crypto-EdDSA', 'bare: node:crypto EdDSA verify', '/api/me-crypto', `Bearer, the same ${tokens.length} distinct Tessera tokens, every one verified`, {
      url: `${service.url}/api/me-crypto`,
      headerPool: tokens.map((value) => ({ authorization: `Bearer ${value}` })),
    });
  }
  add('bare-map', 'bare: Map session lookup', '/api/me-map', 'session cookie, SHA-256 then Map.get', { url: `${service.url}/api/me-map`, headers: cookie });
  add('bare-sqlite', 'bare: one better-sqlite3 prepared SELECT', '/api/me-sqlite', 'session cookie, SHA-256 then one prepared SELECT', { url: `${service.url}/api/me-sqlite`, headers: cookie });
  if (ctx.redisUrl) add('bare-redis', 'bare: one ioredis GET', '/api/me-redis', 'session cookie, SHA-256 then one GET', { url: `${service.url}/api/me-redis`, headers: cookie });
  else if (wanted.includes('bare-redis')) skip(ctx, 'bare-redis', ctx.redisProblem);
  if (postgresUrl) add('bare-pg', 'bare: one pg SELECT', '/api/me-pg', 'session cookie, SHA-256 then one named-statement SELECT', { url: `${service.url}/api/me-pg`, headers: cookie });
  else if (wanted.includes('bare-pg')) skip(ctx, 'bare-pg', ctx.postgresProblem);
  await measureHttp(ctx, specs);
  await service.stop();
}
