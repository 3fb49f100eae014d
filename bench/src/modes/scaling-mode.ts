/**
 * 1, 2 and 3 Tessera instances behind the load balancer of the scale-out work (`npm run cluster`:
 * HAProxy, round robin, no stickiness, PostgreSQL and Redis shared), driven through `startCluster`
 * of @tessera/testing. Measures, through the balancer: its no-auth route, the session cookie
 * (sessions in Redis) and Bearer EdDSA. On a 2-core machine extra instances compete for the same
 * cores as the load generator: the figure shows that nothing breaks and what a balancer hop costs,
 * not linear scaling.
 */
import { findHaproxy, startCluster, type Cluster } from '@tessera/testing';
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import { commandLine, processTree } from '../process/process-tree.js';
import type { ScalingPoint } from '../report/lab-result.js';
import { newCredentials, TesseraClient } from '../tessera-client.js';
import { measureHttp, type HttpMeasureSpec } from './http-measure.js';

export const scalingModeIds = ['scaling-session-redis', 'scaling-jwt-EdDSA'];

/** The instances and the balancer, whose CPU the measurement is charged with. */
function clusterPids(cluster: Cluster): number[] {
  const instancePids = cluster.instances.map((instance) => instance.pid).filter((pid): pid is number => pid !== null);
  const balancer = processTree(process.pid).filter((pid) => {
    const command = commandLine(pid);
    return command.includes('haproxy') && command.includes(cluster.runDir);
  });
  return [...instancePids, ...balancer];
}

export async function runScalingModes(ctx: LabContext): Promise<void> {
  const wanted = scalingModeIds.filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  const fail = (reason: string) => {
    for (const id of wanted) skip(ctx, id, reason);
  };
  if (!ctx.redisUrl) return fail(ctx.redisProblem);
  if (!ctx.postgresAdminUrl) return fail(ctx.postgresProblem);
  if (!ctx.launch.ok) return fail(ctx.launch.reason);
  if (findHaproxy() === null) return fail('HAProxy is not installed (apt-get install haproxy)');
  const counts = ctx.settings.quick ? [1, 2] : [1, 2, 3];
  // A measured cluster stops in the background while the next one starts (nothing is measured then).
  const stopping: Promise<void>[] = [];
  try {
    await measureClusters(ctx, ctx.launch.how, counts, wanted, stopping);
  } finally {
    await Promise.allSettled(stopping);
  }
}

async function measureClusters(ctx: LabContext, entry: 'dist' | 'source', counts: number[], wanted: string[], stopping: Promise<void>[]): Promise<void> {
  const fail = (reason: string) => {
    for (const id of wanted) skip(ctx, id, reason);
  };
  for (const instances of counts) {
    ctx.progress.detail(`starting ${instances} instance(s) behind HAProxy`);
    let cluster: Cluster;
    try {
      cluster = await startCluster({
        instances,
        entry,
        databaseUrl: ctx.postgresAdminUrl ?? undefined,
        redisUrl: ctx.redisUrl ?? undefined,
        env: { LOG_LEVEL: 'warn', NODE_ENV: 'production' },
        readyTimeoutMs: 60_000,
      });
    } catch (error) {
      return fail(`the cluster of ${instances} did not start: ${errorMessage(error)}`);
    }
    ctx.cleanups.push(() => cluster.stop());
    try {
      const client = new TesseraClient(cluster.url);
      const credentials = newCredentials(`cluster${instances}`);
      await client.signup(credentials);
      const session = await client.login(credentials);
      const tokens = await client.distinctAccessTokens(credentials, ctx.settings.tokenPoolSize, Date.now() + 20_000);
      const cpuPids = clusterPids(cluster);
      const server = `${instances} instance(s) behind HAProxy (PostgreSQL + Redis)`;
      const noAuthId = `scaling-no-auth-${instances}`;
      const noAuthPath = (await client.status('/livez').catch(() => 0)) === 200 ? '/livez' : '/.well-known/jwks.json';
      const specs: HttpMeasureSpec[] = [{ id: noAuthId, label: `no auth, ${instances} instance(s)`, group: 'no-auth', server, request: `GET ${noAuthPath} through the balancer`, load: { url: `${cluster.url}${noAuthPath}` }, cpuPids }];
      if (wanted.includes('scaling-session-redis')) {
        specs.push({ id: `scaling-session-redis-${instances}`, label: `session cookie (Redis), ${instances} instance(s)`, group: 'session', server, request: 'GET /api/me with the session cookie through the balancer', baselineId: noAuthId, load: { url: `${cluster.url}/api/me`, headers: { cookie: session.cookie } }, cpuPids });
      }
      if (wanted.includes('scaling-jwt-EdDSA')) {
        specs.push({ id: `scaling-jwt-EdDSA-${instances}`, label: `Bearer EdDSA, ${instances} instance(s)`, group: 'jwt', server, request: `GET /api/me, ${tokens.length} distinct tokens, through the balancer`, baselineId: noAuthId, load: { url: `${cluster.url}/api/me`, headerPool: tokens.map((token) => ({ authorization: `Bearer ${token}` })) }, cpuPids });
      }
      // Measured like any mode, then moved from the per-mode table to the scaling series.
      const results = await measureHttp(ctx, specs);
      ctx.result.http = ctx.result.http.filter((mode) => !results.includes(mode));
      for (const result of results) {
        const mode = result.id.replace(/-\d+$/, '').replace(/^scaling-/, '');
        const point: ScalingPoint = { instances, mode, rps: result.median.rps, p50Ms: result.median.p50Ms, p99Ms: result.median.p99Ms, cores: result.median.cores, samples: result.samples };
        ctx.result.scaling.push(point);
      }
    } catch (error) {
      skip(ctx, `scaling-${instances}`, errorMessage(error));
    } finally {
      stopping.push(cluster.stop().catch(() => undefined));
    }
  }
}
