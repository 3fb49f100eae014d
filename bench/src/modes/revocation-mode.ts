/**
 * Revocation delay: from the revoking request (logout, or revoking a refresh family) to the first
 * refused request at the place that checks. A probe sends requests one after another on a
 * keep-alive connection; its resolution is one round trip (well under a millisecond here).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { startService, type LabProcess } from '../process/lab-processes.js';
import type { RevocationResult } from '../report/lab-result.js';
import type { ServerPool } from '../server-pool.js';
import { evaluateTarget } from '../stats/ceiling.js';
import { percentile } from '../stats/statistics.js';
import type { RunningTessera } from '../process/lab-processes.js';
import { loadCreateVerifier } from '../verify-api.js';
import { introspectionClientFor } from './service-modes.js';

export const revocationModeIds = ['revoke-session', 'revoke-pushed', 'revoke-introspect', 'revoke-stateless'];

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function getStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('probe timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Polls until the route accepts the credential (bounded); throws with the last refusal's body. */
async function waitUntilAccepted(url: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
    const body = await response.text();
    if (response.status === 200) return;
    last = `${response.status} ${body.slice(0, 120)}`;
    await sleep(100);
  }
  throw new Error(`the verifier still refuses a live token after ${timeoutMs} ms (${last})`);
}

interface ProbeOutcome {
  /** ms from the revoking request's start to the first refusal, or null if never refused. */
  delayMs: number | null;
  requests: number;
}

/**
 * Probes `url` continuously, fires `revoke` after a short lead, and measures until the first
 * non-200 or `timeoutMs`. Bounded by time and by request count.
 */
async function measureOnce(url: string, headers: Record<string, string>, revoke: () => Promise<void>, timeoutMs: number): Promise<ProbeOutcome> {
  const before = await getStatus(url, headers);
  if (before !== 200) throw new Error(`the probe was refused (${before}) before the revocation`);
  let revokedAt: number | null = null;
  let refusedAt: number | null = null;
  let requests = 0;
  const maxRequests = 200_000;
  const stopAt = performance.now() + timeoutMs + 200;
  const probe = (async () => {
    while (refusedAt === null && requests < maxRequests && performance.now() < stopAt) {
      const status = await getStatus(url, headers);
      requests++;
      if (status !== 200 && revokedAt !== null) refusedAt = performance.now();
      else if (status !== 200) throw new Error(`refused (${status}) before the revocation`);
    }
  })();
  await sleep(20);
  revokedAt = performance.now();
  await revoke();
  await probe;
  return { delayMs: refusedAt === null ? null : refusedAt - revokedAt, requests };
}

function summarize(id: string, label: string, method: string, samples: number[], notRefused: number, notes: string[]): RevocationResult {
  return {
    id,
    label,
    method,
    samplesMs: samples,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length ? Math.max(...samples) : Number.NaN,
    notRefused,
    targets: [],
    notes,
  };
}

async function sessionDelay(ctx: LabContext, tessera: RunningTessera): Promise<RevocationResult> {
  const samples: number[] = [];
  let notRefused = 0;
  for (let i = 0; i < ctx.settings.revocationSamples; i++) {
    ctx.progress.detail(`revoke-session · sample ${i + 1}/${ctx.settings.revocationSamples}`);
    const session = await tessera.client.login(tessera.credentials);
    const outcome = await measureOnce(`${tessera.url}/api/me`, { cookie: session.cookie }, async () => {
      const status = await tessera.client.logout(session);
      if (status !== 204 && status !== 200) throw new Error(`logout answered ${status}`);
    }, 3000);
    if (outcome.delayMs === null) notRefused++;
    else samples.push(outcome.delayMs);
  }
  return summarize('revoke-session', 'session (server checks its store)', 'POST /auth/logout, then GET /api/me on the same server', samples, notRefused, []);
}

async function verifierDelay(ctx: LabContext, tessera: RunningTessera, service: LabProcess, id: string, label: string, path: string, timeoutMs: number): Promise<RevocationResult> {
  const samples: number[] = [];
  let notRefused = 0;
  for (let i = 0; i < ctx.settings.revocationSamples; i++) {
    ctx.progress.detail(`${id} · sample ${i + 1}/${ctx.settings.revocationSamples}`);
    const pair = await tessera.client.passwordGrant(tessera.credentials);
    const outcome = await measureOnce(`${service.url}${path}`, { authorization: `Bearer ${pair.accessToken}` }, () => tessera.client.revoke(pair.refreshToken, 'refresh_token'), timeoutMs);
    if (outcome.delayMs === null) notRefused++;
    else samples.push(outcome.delayMs);
  }
  return summarize(id, label, `POST /oauth/revoke of the refresh token (its family: the token client's logout), then GET ${path} at a separate verifier service`, samples, notRefused, []);
}

async function statelessBound(ctx: LabContext, tessera: RunningTessera, service: LabProcess): Promise<RevocationResult> {
  const pair = await tessera.client.passwordGrant(tessera.credentials);
  const confirmMs = ctx.settings.quick ? 500 : 2000;
  const outcome = await measureOnce(`${service.url}/stateless`, { authorization: `Bearer ${pair.accessToken}` }, () => tessera.client.revoke(pair.refreshToken, 'refresh_token'), confirmMs);
  const ttlMs = pair.expiresInSeconds * 1000;
  const notes = [
    outcome.delayMs === null
      ? `Checked: the revoked token was still accepted ${confirmMs} ms after the revocation (${outcome.requests} requests), as a stateless verifier must; the figure is the configured access-token lifetime (TESSERA_ACCESS_TOKEN_TTL = ${pair.expiresInSeconds} s), not a wait.`
      : `Unexpected: refused after ${outcome.delayMs.toFixed(1)} ms although no revocation source was configured.`,
  ];
  return { ...summarize('revoke-stateless', 'plain stateless verifier (waits for exp)', 'revoke the family; the verifier has no revocation source, so the token lives until exp', [ttlMs], 0, notes), bound: true };
}

export async function runRevocationModes(ctx: LabContext, pool: ServerPool): Promise<void> {
  const wanted = revocationModeIds.filter((id) => selected(ctx, id));
  if (wanted.length === 0) return;
  let tessera: RunningTessera;
  try {
    tessera = await pool.get('sqlite');
  } catch (error) {
    for (const id of wanted) skip(ctx, id, errorMessage(error));
    return;
  }
  if (wanted.includes('revoke-session')) {
    try {
      ctx.result.revocation.push(await sessionDelay(ctx, tessera));
    } catch (error) {
      skip(ctx, 'revoke-session', errorMessage(error));
    }
  }
  const verifierIds = wanted.filter((id) => id !== 'revoke-session');
  if (verifierIds.length === 0) return;
  const loaded = await loadCreateVerifier();
  if (!loaded.ok) {
    for (const id of verifierIds) skip(ctx, id, loaded.reason);
    return;
  }
  const base = { issuer: tessera.url, audience: tessera.url };
  const routes: Record<string, unknown> = { '/stateless': { options: { ...base } } };
  // The stream and introspection both need a client registered with --introspect (a resource server).
  if (verifierIds.includes('revoke-pushed') || verifierIds.includes('revoke-introspect')) {
    try {
      const client = await introspectionClientFor(ctx, pool);
      routes['/subscribe'] = { options: { ...base, revocations: 'subscribe', client: { id: client.id, secret: client.secret } } };
      routes['/introspect'] = { options: { ...base, maxStaleness: 0, client: { id: client.id, secret: client.secret }, introspection: {} } };
    } catch (error) {
      for (const id of ['revoke-pushed', 'revoke-introspect']) if (verifierIds.includes(id)) skip(ctx, id, errorMessage(error));
    }
  }
  let service: LabProcess;
  try {
    service = await startService(ctx, { id: 'svc-revocation', label: 'Fastify + @tessera/verify (revocation probes)', module: 'services/verifier-service', env: { LAB_ROUTES: JSON.stringify(routes) } });
  } catch (error) {
    for (const id of verifierIds) skip(ctx, id, errorMessage(error));
    return;
  }
  try {
    const timeoutMs = ctx.settings.quick ? 2000 : 5000;
    if (verifierIds.includes('revoke-pushed') && routes['/subscribe']) {
      try {
        // Let the subscription connect and catch up (the verifier refuses while its revocation
        // state is older than maxStaleness) before the first sample.
        const warm = await tessera.client.passwordGrant(tessera.credentials);
        await waitUntilAccepted(`${service.url}/subscribe`, { authorization: `Bearer ${warm.accessToken}` }, ctx.settings.quick ? 4000 : 10_000);
        const result = await verifierDelay(ctx, tessera, service, 'revoke-pushed', "pushed revocation (`revocations: 'subscribe'`)", '/subscribe', timeoutMs);
        result.targets.push(evaluateTarget({ kind: 'latency-max', rule: 'issue 5: p99 < 100 ms from the revoking request to refusal', required: 100, measured: result.p99Ms, unit: 'ms', lowerIsBetter: true }));
        if (result.notRefused > 0) result.notes.push(`${result.notRefused} sample(s) still accepted ${timeoutMs} ms after the revocation.`);
        ctx.result.revocation.push(result);
      } catch (error) {
        skip(ctx, 'revoke-pushed', errorMessage(error));
      }
    }
    if (verifierIds.includes('revoke-introspect') && routes['/introspect']) {
      try {
        ctx.result.revocation.push(await verifierDelay(ctx, tessera, service, 'revoke-introspect', 'introspecting verifier (maxStaleness 0)', '/introspect', timeoutMs));
      } catch (error) {
        skip(ctx, 'revoke-introspect', errorMessage(error));
      }
    }
    if (verifierIds.includes('revoke-stateless')) {
      try {
        ctx.result.revocation.push(await statelessBound(ctx, tessera, service));
      } catch (error) {
        skip(ctx, 'revoke-stateless', errorMessage(error));
      }
    }
  } finally {
    await service.stop();
  }
}
