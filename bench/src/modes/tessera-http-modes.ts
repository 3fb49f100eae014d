/**
 * `GET /api/me` on real Tessera processes, each against the same process's no-auth route:
 * the session cookie on every store, and Bearer JWTs of every asymmetric algorithm.
 */
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import type { ServerId, ServerPool } from '../server-pool.js';
import { measureHttp, noAuthSpec, type HttpMeasureSpec } from './http-measure.js';

interface ServerPlan {
  server: ServerId;
  session?: { id: string; label: string };
  jwt?: { alg: string };
}

export const tesseraHttpPlans: ServerPlan[] = [
  { server: 'memory', session: { id: 'session-memory', label: 'session cookie, in-memory store' } },
  { server: 'sqlite', session: { id: 'session-sqlite', label: 'session cookie, SQLite' }, jwt: { alg: 'EdDSA' } },
  { server: 'redis', session: { id: 'session-redis', label: 'session cookie, Redis' } },
  { server: 'postgres', session: { id: 'session-postgres', label: 'session cookie, PostgreSQL' } },
  { server: 'es256', jwt: { alg: 'ES256' } },
  { server: 'rs256', jwt: { alg: 'RS256' } },
  { server: 'ps256', jwt: { alg: 'PS256' } },
];

/** The mode ids a plan measures (quick runs leave out the repeated-token variant). */
export function planModeIds(plan: ServerPlan, quick = false): string[] {
  return [plan.session?.id, plan.jwt ? `jwt-${plan.jwt.alg}` : undefined, plan.jwt?.alg === 'EdDSA' && !quick ? 'jwt-EdDSA-repeated' : undefined].filter((id): id is string => id !== undefined);
}

export async function runTesseraHttpPlan(ctx: LabContext, pool: ServerPool, plan: ServerPlan): Promise<void> {
  const wanted = planModeIds(plan, ctx.settings.quick).filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  let server;
  let noAuthPath: string;
  try {
    server = await pool.get(plan.server);
    noAuthPath = await pool.noAuthPath(plan.server);
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  const serverLabel = `tessera (${server.label})`;
  const baselineId = `no-auth-${plan.server}`;
  const specs: HttpMeasureSpec[] = [noAuthSpec(baselineId, serverLabel, server.url, noAuthPath, server.cpuPids)];
  const apiMe = `${server.url}/api/me`;
  if (plan.session && wanted.includes(plan.session.id)) {
    specs.push({
      id: plan.session.id,
      label: plan.session.label,
      group: 'session',
      server: serverLabel,
      request: 'GET /api/me with the session cookie',
      baselineId,
      load: { url: apiMe, headers: { cookie: server.session.cookie } },
      cpuPids: server.cpuPids,
      notes: ['One session lookup per request; the email comes from a per-instance cache.'],
    });
  }
  if (plan.jwt) {
    const alg = plan.jwt.alg;
    if (wanted.includes(`jwt-${alg}`)) {
      ctx.progress.detail(`minting ${ctx.settings.tokenPoolSize} distinct ${alg} tokens`);
      try {
        const tokens = await server.client.distinctAccessTokens(server.credentials, ctx.settings.tokenPoolSize, Date.now() + 20_000);
        specs.push({
          id: `jwt-${alg}`,
          label: `Bearer JWT ${alg}`,
          group: 'jwt',
          server: serverLabel,
          request: `GET /api/me with Authorization: Bearer (${tokens.length} distinct tokens, rotated)`,
          baselineId,
          load: { url: apiMe, headerPool: tokens.map((token) => ({ authorization: `Bearer ${token}` })) },
          cpuPids: server.cpuPids,
          notes: [`${tokens.length} distinct tokens of one refresh family, rotated per request. The server's verified-token cache (10,000 entries) holds them all, so after the first pass this is its cached path; a truly uncached figure needs more tokens than that (not measured by the lab yet).`],
        });
      } catch (error) {
        skip(ctx, `jwt-${alg}`, `could not mint tokens: ${errorMessage(error)}`);
      }
    }
    if (wanted.includes(`jwt-${alg}-repeated`)) {
      specs.push({
        id: `jwt-${alg}-repeated`,
        label: `Bearer JWT ${alg}, one token repeated`,
        group: 'jwt',
        server: serverLabel,
        request: 'GET /api/me with the same Bearer token every time (the server\'s verified-token cache path, if it has one)',
        baselineId,
        load: { url: apiMe, headers: { authorization: `Bearer ${server.tokens.accessToken}` } },
        cpuPids: server.cpuPids,
      });
    }
  }
  await measureHttp(ctx, specs);
}
