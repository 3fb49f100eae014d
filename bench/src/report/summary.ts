/**
 * The article's comparison table, rebuilt from measurements: one row per claim, the session and
 * token figures side by side, what the article said, and a verdict computed from the numbers.
 * Shared by the Markdown and HTML reports.
 */
import { formatBytes, formatMs, formatRate } from './format.js';
import type { HttpModeResult, LabResult } from './lab-result.js';

export interface ComparisonRow {
  aspect: string;
  session: string;
  token: string;
  article: string;
  verdict: string;
}

function http(result: LabResult, id: string): HttpModeResult | undefined {
  return result.http.find((mode) => mode.id === id);
}

function latency(mode: HttpModeResult | undefined): string {
  return mode ? `${formatMs(mode.median.p50Ms)} / ${formatMs(mode.median.p99Ms)}` : 'not measured';
}

function throughput(mode: HttpModeResult | undefined): string {
  return mode ? `${formatRate(mode.median.rps)}/s (${formatRate(mode.median.rpsPerCore)}/s per core)` : 'not measured';
}

const notMeasured = 'not measured in this run (see "Skipped")';

function scalingVerdict(result: LabResult): string {
  const parts = [
    `Sessions in shared Redis work on every instance with no stickiness, like tokens; on ${result.machine.cpus} cores the extra instances compete for the same CPUs as the load generator, so this shows the absence of a scaling penalty, not linear scaling.`,
  ];
  const throughBalancer = result.scaling.find((p) => p.mode === 'no-auth' && p.instances === 1);
  const direct = http(result, 'no-auth-redis') ?? http(result, 'no-auth-postgres') ?? http(result, 'no-auth-sqlite');
  if (throughBalancer && direct && throughBalancer.rps < 0.5 * direct.median.rps) {
    parts.push(
      `Here the balancer itself is the limit: one instance's no-auth route reaches ${formatRate(throughBalancer.rps)}/s through it against ${formatRate(direct.median.rps)}/s direct, so the session-vs-token difference disappears behind it.`,
    );
  }
  return parts.join(' ');
}

export function comparisonRows(result: LabResult): ComparisonRow[] {
  const sessionModes = ['session-memory', 'session-sqlite', 'session-redis', 'session-postgres'].map((id) => http(result, id)).filter((m): m is HttpModeResult => m !== undefined);
  const jwtModes = ['jwt-EdDSA', 'jwt-ES256', 'jwt-RS256', 'jwt-PS256', 'svc-verify-HS256'].map((id) => http(result, id)).filter((m): m is HttpModeResult => m !== undefined);
  const redis = http(result, 'session-redis') ?? sessionModes[0];
  const eddsa = http(result, 'jwt-EdDSA') ?? jwtModes[0];
  const rows: ComparisonRow[] = [];

  // Latency and throughput: same server kind, same load, same run.
  const latencyVerdict = (() => {
    if (!redis || !eddsa) return notMeasured;
    const faster = redis.median.p50Ms <= eddsa.median.p50Ms ? 'session' : 'token';
    const ratio = Math.max(redis.median.p50Ms, eddsa.median.p50Ms) / Math.min(redis.median.p50Ms, eddsa.median.p50Ms);
    return `${faster === 'session' ? `Sessions (${redis.label})` : `Tokens (${eddsa.label})`} answered faster here, p50 ${formatMs(Math.min(redis.median.p50Ms, eddsa.median.p50Ms))} vs ${formatMs(Math.max(redis.median.p50Ms, eddsa.median.p50Ms))} (${ratio.toFixed(2)}×), at ${redis.connections} connections. At saturation latency follows throughput: an uncached signature costs more CPU than a Redis GET.`;
  })();
  rows.push({
    aspect: 'Latency, GET /api/me p50 / p99',
    session: sessionModes.map((m) => `${m.label.replace('session cookie, ', '')}: ${latency(m)}`).join('; ') || notMeasured,
    token: jwtModes.map((m) => `${m.label.replace('Bearer JWT ', '')}: ${latency(m)}`).join('; ') || notMeasured,
    article: 'Session: higher. Token: lower.',
    verdict: latencyVerdict,
  });

  rows.push({
    aspect: 'Throughput (one server process)',
    session: sessionModes.map((m) => `${m.label.replace('session cookie, ', '')}: ${throughput(m)}`).join('; ') || notMeasured,
    token: jwtModes.map((m) => `${m.label.replace('Bearer JWT ', '')}: ${throughput(m)}`).join('; ') || notMeasured,
    article: '(implied by "latency" and "CPU-only cost")',
    verdict:
      redis && eddsa
        ? `${redis.median.rpsPerCore >= eddsa.median.rpsPerCore ? 'Session lookups' : 'Signature checks'} give more requests per core here (${formatRate(redis.median.rpsPerCore)} vs ${formatRate(eddsa.median.rpsPerCore)}/s per core for ${redis.label} vs ${eddsa.label}); "CPU-only" is not "free": ${eddsa.authCost ? `an EdDSA verify costs ${eddsa.authCost.us.toFixed(0)} µs` : 'a verify costs tens of µs'}.`
        : notMeasured,
  });

  const scaling = result.scaling;
  const scalingText = (mode: string) => {
    const points = scaling.filter((p) => p.mode === mode).sort((a, b) => a.instances - b.instances);
    return points.length ? points.map((p) => `${p.instances}×: ${formatRate(p.rps)}/s`).join(', ') : notMeasured;
  };
  const scalingModes = [...new Set(scaling.map((p) => p.mode))];
  rows.push({
    aspect: 'Horizontal scaling (1 → 3 instances behind the load balancer)',
    session: scalingModes.filter((m) => m.startsWith('session')).map(scalingText).join('; ') || notMeasured,
    token: scalingModes.filter((m) => m.startsWith('jwt')).map(scalingText).join('; ') || notMeasured,
    article: 'Session: difficult. Token: easy.',
    verdict: scaling.length ? scalingVerdict(result) : notMeasured,
  });

  const revocation = (id: string) => result.revocation.find((r) => r.id === id);
  const session = revocation('revoke-session');
  const pushed = revocation('revoke-pushed');
  const introspect = revocation('revoke-introspect');
  const stateless = revocation('revoke-stateless');
  rows.push({
    aspect: 'Revocation delay (logout → refused)',
    session: session ? `p50 ${formatMs(session.p50Ms)}, p99 ${formatMs(session.p99Ms)}` : notMeasured,
    token: [
      stateless ? `stateless: up to ${formatMs(stateless.maxMs)} (the token's lifetime)` : '',
      pushed ? `pushed: p50 ${formatMs(pushed.p50Ms)}, p99 ${formatMs(pushed.p99Ms)}` : '',
      introspect ? `introspection: p50 ${formatMs(introspect.p50Ms)}` : '',
    ]
      .filter(Boolean)
      .join('; ') || notMeasured,
    article: 'Session: easy. Token (JWT): hard.',
    verdict:
      stateless && pushed
        ? `True only for the plain stateless verifier. Pushed revocation brings tokens to ${formatMs(pushed.p99Ms)} p99 without a per-request call${session ? `; sessions: ${formatMs(session.p99Ms)} p99` : ''}.`
        : stateless
          ? `The plain stateless verifier accepts a revoked token until exp (${formatMs(stateless.maxMs)}).`
          : notMeasured,
  });

  const memory = result.memory;
  rows.push({
    aspect: 'Server state: memory per 100k sessions',
    session: memory.map((m) => `${m.store}: ${formatBytes(m.bytesPer100k)}`).join('; ') || notMeasured,
    token: 'Access tokens: none on the server (refresh-token families and the denylist are server-side state)',
    article: 'Session: stateful, server-side. Token: stateless, client-side.',
    verdict: memory.length
      ? `100k sessions fit in ${formatBytes(Math.max(...memory.map((m) => m.bytesPer100k)))} at most here; the state is real but small. The hybrid keeps state for refresh tokens too.`
      : notMeasured,
  });

  const hop = http(result, 'introspect-token') ?? http(result, 'introspect-session');
  const local = http(result, 'svc-verify-EdDSA');
  rows.push({
    aspect: 'Microservices: check at a separate service',
    session: hop ? `${hop.label}: ${throughput(hop)}, p50 ${formatMs(hop.median.p50Ms)}` : notMeasured,
    token: local ? `${local.label}: ${throughput(local)}, p50 ${formatMs(local.median.p50Ms)}` : notMeasured,
    article: 'Session: no. Token: yes.',
    verdict:
      hop && local
        ? `Local verification gives ${(local.median.rps / hop.median.rps).toFixed(1)}× the throughput of asking the server per request; sessions work for services too, through introspection, at the cost of that hop.`
        : notMeasured,
  });
  return rows;
}
