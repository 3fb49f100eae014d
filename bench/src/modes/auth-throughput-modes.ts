/**
 * Login (Argon2id) and refresh-rotation throughput, and `/api/me` latency while 20 logins per
 * second hash passwords (the hash must not block the event loop).
 */
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import { jobTimeoutMs } from '../load/load-client.js';
import type { HttpLoad } from '../load/load-protocol.js';
import type { ThroughputResult } from '../report/lab-result.js';
import type { ServerId, ServerPool } from '../server-pool.js';
import { evaluateTarget } from '../stats/ceiling.js';
import { median } from '../stats/statistics.js';

export const throughputModeIds = ['login-sqlite', 'refresh-sqlite', 'refresh-postgres', 'login-under-load'];

async function loginThroughput(ctx: LabContext, pool: ServerPool, serverId: ServerId): Promise<ThroughputResult> {
  const server = await pool.get(serverId);
  const connections = 8;
  const load: HttpLoad = {
    label: 'login',
    url: `${server.url}/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: server.credentials.email, password: server.credentials.password }),
    connections,
    durationSeconds: ctx.settings.durationSeconds,
    warmupSeconds: Math.min(ctx.settings.warmupSeconds, 0.5),
  };
  const samples: ThroughputResult['samples'] = [];
  for (let round = 1; round <= ctx.settings.rounds; round++) {
    ctx.progress.detail(`login-${serverId} · round ${round}/${ctx.settings.rounds}`);
    const outcome = await ctx.load.run({ kind: 'http', loads: [load], cpuPids: server.cpuPids }, jobTimeoutMs([load]));
    const window = outcome.windows[0]!;
    if (window.ok === 0) throw new Error(`no login succeeded (statuses ${JSON.stringify(window.statuses)})`);
    samples.push({ round, opsPerSecond: window.rps, p50Ms: window.latency.p50Ms, p99Ms: window.latency.p99Ms, failed: window.failed + window.errors, cores: outcome.cpuMs[0]! / outcome.wallMs });
  }
  return {
    id: `login-${serverId}`,
    label: `login (POST /auth/login, Argon2id), ${server.label}`,
    server: `tessera (${server.label})`,
    opsPerSecond: median(samples.map((s) => s.opsPerSecond)),
    samples,
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    notes: [`${connections} concurrent clients; each login verifies an Argon2id hash (server defaults) and creates a session.`],
  };
}

async function refreshThroughput(ctx: LabContext, pool: ServerPool, serverId: ServerId): Promise<ThroughputResult> {
  const server = await pool.get(serverId);
  const chains = 8;
  const samples: ThroughputResult['samples'] = [];
  for (let round = 1; round <= ctx.settings.rounds; round++) {
    ctx.progress.detail(`refresh-${serverId} · round ${round}/${ctx.settings.rounds}`);
    const pairs = await Promise.all(Array.from({ length: chains }, () => server.client.passwordGrant(server.credentials)));
    const outcome = await ctx.load.run(
      { kind: 'rotation', url: `${server.url}/oauth/token`, refreshTokens: pairs.map((pair) => pair.refreshToken), durationSeconds: ctx.settings.durationSeconds, cpuPids: server.cpuPids },
      jobTimeoutMs([{ warmupSeconds: 0, durationSeconds: ctx.settings.durationSeconds }]),
    );
    const window = outcome.windows[0]!;
    if (window.ok === 0) throw new Error(`no rotation succeeded (statuses ${JSON.stringify(window.statuses)})`);
    samples.push({ round, opsPerSecond: window.rps, p50Ms: window.latency.p50Ms, p99Ms: window.latency.p99Ms, failed: window.failed + window.errors, cores: outcome.cpuMs[0]! / outcome.wallMs });
  }
  return {
    id: `refresh-${serverId}`,
    label: `refresh rotation (grant_type=refresh_token), ${server.label}`,
    server: `tessera (${server.label})`,
    opsPerSecond: median(samples.map((s) => s.opsPerSecond)),
    samples,
    p50Ms: median(samples.map((s) => s.p50Ms)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
    notes: [`${chains} refresh families rotated concurrently, each presenting its newest token (spend, issue successor, sign a new access token).`],
  };
}

/** `/api/me` at a fixed rate, alone and with 20 logins/s beside it; idle and loaded rounds alternate. */
async function loginUnderLoad(ctx: LabContext, pool: ServerPool): Promise<void> {
  const server = await pool.get('sqlite');
  const jwt = ctx.result.http.find((result) => result.id === 'jwt-EdDSA');
  // Well below saturation, so the p99 shows the event loop, not a queue.
  const rate = Math.round(Math.min(3000, Math.max(200, (jwt?.median.rps ?? 2000) * 0.3)));
  const loginsPerSecond = 20;
  const duration = ctx.settings.quick ? Math.max(0.8, ctx.settings.durationSeconds) : Math.max(5, ctx.settings.durationSeconds);
  const me: HttpLoad = {
    label: 'api-me',
    url: `${server.url}/api/me`,
    headers: { authorization: `Bearer ${server.tokens.accessToken}` },
    connections: 16,
    overallRate: rate,
    durationSeconds: duration,
    warmupSeconds: 0.3,
  };
  const logins: HttpLoad = {
    label: 'logins',
    url: `${server.url}/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: server.credentials.email, password: server.credentials.password }),
    connections: 4,
    overallRate: loginsPerSecond,
    durationSeconds: duration,
    warmupSeconds: 0.3,
  };
  const idle: number[] = [];
  const idleP50: number[] = [];
  const loaded: number[] = [];
  const loadedP50: number[] = [];
  const achieved: number[] = [];
  for (let round = 1; round <= ctx.settings.rounds; round++) {
    ctx.progress.detail(`login-under-load · round ${round}/${ctx.settings.rounds} (idle)`);
    const alone = await ctx.load.run({ kind: 'http', loads: [me], cpuPids: server.cpuPids }, jobTimeoutMs([me]));
    idle.push(alone.windows[0]!.latency.p99Ms);
    idleP50.push(alone.windows[0]!.latency.p50Ms);
    ctx.progress.detail(`login-under-load · round ${round}/${ctx.settings.rounds} (with ${loginsPerSecond} logins/s)`);
    const both = await ctx.load.run({ kind: 'http', loads: [me, logins], cpuPids: server.cpuPids }, jobTimeoutMs([me, logins]));
    loaded.push(both.windows[0]!.latency.p99Ms);
    loadedP50.push(both.windows[0]!.latency.p50Ms);
    achieved.push(both.windows[1]!.rps);
  }
  const idleP99 = median(idle);
  const loadedP99 = median(loaded);
  ctx.result.loginLoad = {
    server: `tessera (${server.label})`,
    request: `GET /api/me, Bearer EdDSA, fixed ${rate} requests/s over 16 connections`,
    rateRps: rate,
    loginsPerSecondTarget: loginsPerSecond,
    loginsPerSecondAchieved: median(achieved),
    idle: { p50Ms: median(idleP50), p99Ms: idleP99, samples: idle },
    underLogins: { p50Ms: median(loadedP50), p99Ms: loadedP99, samples: loaded },
    targets: [evaluateTarget({ kind: 'latency-ratio', rule: 'issue 5: p99 with 20 logins/s < 2 × idle p99', required: 2 * idleP99, measured: loadedP99, unit: 'ms', lowerIsBetter: true })],
    notes: ['The rate is 30 % of the measured Bearer EdDSA throughput (clamped to 200–3000/s) so the idle p99 is the event loop, not a queue.'],
  };
}

export async function runThroughputModes(ctx: LabContext, pool: ServerPool): Promise<void> {
  const jobs: [string, () => Promise<void>][] = [
    ['login-sqlite', async () => void ctx.result.throughput.push(await loginThroughput(ctx, pool, 'sqlite'))],
    ['refresh-sqlite', async () => void ctx.result.throughput.push(await refreshThroughput(ctx, pool, 'sqlite'))],
    ['refresh-postgres', async () => void ctx.result.throughput.push(await refreshThroughput(ctx, pool, 'postgres'))],
  ];
  for (const [id, job] of jobs) {
    if (!selected(ctx, id)) continue;
    try {
      await job();
    } catch (error) {
      skip(ctx, id, errorMessage(error));
    }
  }
}

export async function runLoginUnderLoad(ctx: LabContext, pool: ServerPool): Promise<void> {
  if (!selected(ctx, 'login-under-load')) return;
  try {
    await loginUnderLoad(ctx, pool);
  } catch (error) {
    skip(ctx, 'login-under-load', errorMessage(error));
  }
}
