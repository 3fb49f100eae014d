/**
 * Turns measurements into the contract's and issue 5's targets: each HTTP figure next to its
 * ceiling 0.9 × 1/(b + v) per core, the ratios to the same server's no-auth route and to the
 * peers, and the verify-rate ratios to raw `node:crypto`. Pure: a function of the result object.
 */
import type { HttpModeResult, LabResult, MicroResult } from './report/lab-result.js';
import { barePeerOf } from './modes/bare-peer-modes.js';
import { ceilingPerCore, costUs, evaluateTarget, type TargetEvaluation } from './stats/ceiling.js';

function micro(result: LabResult, implementation: string, algorithm: string): MicroResult | undefined {
  return result.micro.find((m) => m.implementation === implementation && m.algorithm === algorithm && !m.skipped);
}

function lookup(result: LabResult, prefix: string): MicroResult | undefined {
  return result.storeLookups.find((m) => m.name.startsWith(prefix) && !m.skipped);
}

/** Which raw cost is this mode's `v`, and which ratio targets issue 5 sets for it. */
function modeRules(id: string): { v?: { kind: 'verify'; alg: string } | { kind: 'lookup'; prefix: string }; ratio?: number; ratioRule?: string; peerRatio?: boolean } {
  const jwt = /^jwt-(EdDSA|ES256|RS256|PS256)$/.exec(id);
  if (jwt) return { v: { kind: 'verify', alg: jwt[1]! }, ratio: 0.8, ratioRule: 'issue 5: ≥ 0.8 × no-auth per core (uncached asymmetric: the contract\'s ceiling binds instead)' };
  switch (id) {
    case 'jwt-EdDSA-repeated':
      return { v: { kind: 'verify', alg: 'EdDSA' } };
    case 'session-memory':
      return { v: { kind: 'lookup', prefix: 'memory' }, ratio: 0.95, ratioRule: 'issue 5: session in memory ≥ 0.95 × no-auth per core', peerRatio: true };
    case 'session-redis':
      return { v: { kind: 'lookup', prefix: 'Redis' }, ratio: 0.7, ratioRule: 'issue 5: session in Redis ≥ 0.7 × no-auth per core', peerRatio: true };
    case 'session-sqlite':
      return { v: { kind: 'lookup', prefix: 'SQLite' }, peerRatio: true };
    case 'session-postgres':
      return { v: { kind: 'lookup', prefix: 'PostgreSQL' }, peerRatio: true };
    case 'svc-verify-EdDSA':
    case 'peer-jose-EdDSA':
      return { v: { kind: 'verify', alg: 'EdDSA' } };
    case 'svc-verify-HS256':
      return { v: { kind: 'verify', alg: 'HS256' }, ratio: 0.8, ratioRule: 'issue 5: HS256 ≥ 0.8 × no-auth per core' };
    case 'svc-verify-EdDSA-cache':
    case 'svc-verify-HS256-cache':
      return { ratio: 0.95, ratioRule: 'issue 5: verified-token cache ≥ 0.95 × no-auth per core' };
    case 'peer-express-session-redis':
      return { v: { kind: 'lookup', prefix: 'Redis' } };
    default:
      return {};
  }
}

/** Below this many cores the no-auth route was limited by the load generator, not the server. */
export const saturatedCores = 0.75;

function analyzeHttp(result: LabResult, mode: HttpModeResult): void {
  if (mode.group === 'no-auth') {
    const note = `The load generator could not saturate this route (the server used ${mode.median.cores.toFixed(2)} cores): b is then an upper bound, since an idle-ish event loop spends more CPU per request than a busy one.`;
    mode.notes = mode.notes.filter((existing) => !existing.startsWith('The load generator could not saturate'));
    if (mode.median.cores < saturatedCores) mode.notes.push(note);
    return;
  }
  const baseline = result.http.find((candidate) => candidate.id === mode.baselineId);
  const rules = modeRules(mode.id);
  const targets: TargetEvaluation[] = [];
  if (rules.v && baseline) {
    const source = rules.v.kind === 'verify' ? micro(result, 'node:crypto', rules.v.alg) : lookup(result, rules.v.prefix);
    if (source) {
      const vUs = costUs(source.median);
      mode.authCost = { us: vUs, source: rules.v.kind === 'verify' ? `raw node:crypto ${rules.v.alg} verify` : source.name };
      mode.ceilingPerCore = ceilingPerCore(baseline.median.cpuPerRequestUs, vUs);
      targets.push(
        evaluateTarget({ kind: 'ceiling', rule: 'contract: ≥ 0.9 × 1/(b + v) per core', required: mode.ceilingPerCore, measured: mode.median.rpsPerCore, unit: 'req/s/core' }),
      );
    }
  } else if (!rules.v && baseline && mode.group !== 'introspection') {
    // Cached paths: v is a Map hit, a few µs at most; the ceiling is the no-auth rate.
    mode.ceilingPerCore = ceilingPerCore(baseline.median.cpuPerRequestUs, 0);
  }
  if (rules.ratio !== undefined && baseline) {
    targets.push(
      evaluateTarget({ kind: 'ratio-to-no-auth', rule: rules.ratioRule ?? `≥ ${rules.ratio} × no-auth`, required: rules.ratio * baseline.median.rpsPerCore, measured: mode.median.rpsPerCore, unit: 'req/s/core' }),
    );
  }
  const peer = result.http.find((candidate) => candidate.id === 'peer-express-session-redis');
  if (rules.peerRatio && peer) {
    targets.push(
      evaluateTarget({ kind: 'ratio-to-peer', rule: 'issue 5: ≥ 2 × express-session + connect-redis (throughput)', required: 2 * peer.median.rps, measured: mode.median.rps, unit: 'req/s' }),
    );
  }
  const bare = result.http.find((candidate) => candidate.id === barePeerOf[mode.id]);
  if (bare) {
    // Issue 13: the bare-minimum peer in plain Fastify is the physical ceiling of the mode in Node.
    targets.push(
      evaluateTarget({ kind: 'ratio-to-peer', rule: `issue 13: ≥ 0.85 × its bare peer (${bare.label}) per core`, required: 0.85 * bare.median.rpsPerCore, measured: mode.median.rpsPerCore, unit: 'req/s/core' }),
    );
  }
  mode.targets = targets;
}

function analyzeMicro(result: LabResult): void {
  for (const entry of result.micro) {
    entry.targets = [];
    if (entry.skipped || !entry.algorithm) continue;
    const raw = micro(result, 'node:crypto', entry.algorithm);
    if (entry.implementation === '@tessera/verify' && raw) {
      const factor = entry.algorithm === 'HS256' ? 0.5 : 0.9;
      entry.targets.push(
        evaluateTarget({ kind: 'ratio-to-raw', rule: `issue 5: ≥ ${factor} × raw node:crypto ${entry.algorithm}`, required: factor * raw.median, measured: entry.median, unit: 'verifies/s' }),
      );
      const peers = [micro(result, 'jose.jwtVerify', entry.algorithm), micro(result, 'fast-jwt', entry.algorithm)].filter((m): m is MicroResult => m !== undefined);
      if (peers.length > 0) {
        const best = Math.max(...peers.map((m) => m.median));
        entry.targets.push(evaluateTarget({ kind: 'ratio-to-peer', rule: 'issue 5: ahead of jose and fast-jwt', required: best, measured: entry.median, unit: 'verifies/s' }));
      }
    }
    if (entry.implementation === '@tessera/verify (cache)') {
      entry.targets.push(evaluateTarget({ kind: 'absolute', rule: 'issue 5: ≥ 250k verifications/s for repeated tokens', required: 250_000, measured: entry.median, unit: 'verifies/s' }));
    }
  }
}

export function analyze(result: LabResult): void {
  analyzeMicro(result);
  for (const mode of result.http) analyzeHttp(result, mode);
}
