/**
 * One server, several requests, interleaved round by round (no-auth, auth A, auth B, no-auth, …)
 * so slow drift of the machine touches every figure alike; medians across rounds.
 */
import { errorMessage, type LabContext } from '../lab-context.js';
import { jobTimeoutMs } from '../load/load-client.js';
import type { HttpLoad } from '../load/load-protocol.js';
import type { HttpGroup, HttpModeResult, HttpSample } from '../report/lab-result.js';
import { medianOf } from '../stats/statistics.js';

export interface HttpMeasureSpec {
  id: string;
  label: string;
  group: HttpGroup;
  server: string;
  request: string;
  baselineId?: string;
  load: Omit<HttpLoad, 'label' | 'connections' | 'durationSeconds' | 'warmupSeconds'> & { connections?: number };
  cpuPids: number[];
  notes?: string[];
}

/** Failures above this share make a sample unusable (a fast 401 is not a fast auth). */
const maxFailedShare = 0.01;

export function summarizeSamples(samples: readonly HttpSample[]): HttpModeResult['median'] {
  const rps = medianOf(samples, (s) => s.rps);
  const cores = medianOf(samples, (s) => s.cores);
  return {
    otherCores: medianOf(samples, (s) => s.otherCores),
    rps,
    p50Ms: medianOf(samples, (s) => s.latency.p50Ms),
    p99Ms: medianOf(samples, (s) => s.latency.p99Ms),
    cores,
    rpsPerCore: medianOf(samples, (s) => (s.cores > 0 ? s.rps / s.cores : Number.NaN)),
    cpuPerRequestUs: medianOf(samples, (s) => s.cpuPerRequestUs),
  };
}

/**
 * Measures every spec `ctx.settings.rounds` times. A spec whose samples are all unusable is
 * reported as skipped with the reason (status codes seen), never as a number.
 */
export async function measureHttp(ctx: LabContext, specs: readonly HttpMeasureSpec[]): Promise<HttpModeResult[]> {
  const { rounds, durationSeconds, warmupSeconds, connections } = ctx.settings;
  const samples = new Map<string, HttpSample[]>(specs.map((spec) => [spec.id, []]));
  const problems = new Map<string, string>();
  for (let round = 1; round <= rounds; round++) {
    for (const spec of specs) {
      if (problems.has(spec.id) && samples.get(spec.id)!.length === 0 && round > 1) continue;
      ctx.progress.detail(`${spec.id} · round ${round}/${rounds}`);
      const load: HttpLoad = { label: spec.id, connections: spec.load.connections ?? connections, durationSeconds, warmupSeconds: round === 1 ? warmupSeconds : Math.min(warmupSeconds, 0.3), ...spec.load };
      try {
        const outcome = await ctx.load.run({ kind: 'http', loads: [load], cpuPids: spec.cpuPids }, jobTimeoutMs([load]));
        const window = outcome.windows[0]!;
        const cpuMs = outcome.cpuMs.reduce((sum, value) => sum + value, 0);
        const total = window.ok + window.failed + window.errors;
        if (window.ok === 0 || (total > 0 && (window.failed + window.errors) / total > maxFailedShare)) {
          problems.set(spec.id, `${window.ok} ok of ${total} responses (statuses ${JSON.stringify(window.statuses)}, ${window.errors} socket errors)`);
          continue;
        }
        samples.get(spec.id)!.push({
          round,
          rps: window.rps,
          ok: window.ok,
          failed: window.failed,
          errors: window.errors,
          durationMs: window.durationMs,
          latency: window.latency,
          statuses: window.statuses,
          cpuMs,
          cores: cpuMs / outcome.wallMs,
          cpuPerRequestUs: (cpuMs * 1000) / window.ok,
          loadGeneratorCores: outcome.workerCpuMs / outcome.wallMs,
          otherCores: Math.max(0, (outcome.machineBusyMs - cpuMs - outcome.workerCpuMs) / outcome.wallMs),
        });
      } catch (error) {
        problems.set(spec.id, errorMessage(error));
      }
    }
  }
  const results: HttpModeResult[] = [];
  for (const spec of specs) {
    const list = samples.get(spec.id)!;
    if (list.length === 0) {
      ctx.result.skipped.push({ mode: spec.id, reason: `no usable sample: ${problems.get(spec.id) ?? 'unknown'}` });
      ctx.progress.log(`mode ${spec.id} skipped: no usable sample: ${problems.get(spec.id) ?? 'unknown'}`);
      continue;
    }
    const notes = [...(spec.notes ?? [])];
    if (problems.has(spec.id)) notes.push(`${rounds - list.length} of ${rounds} rounds discarded: ${problems.get(spec.id)}`);
    results.push({
      id: spec.id,
      label: spec.label,
      group: spec.group,
      server: spec.server,
      request: spec.request,
      ...(spec.baselineId ? { baselineId: spec.baselineId } : {}),
      connections: spec.load.connections ?? connections,
      samples: list,
      median: summarizeSamples(list),
      targets: [],
      notes,
    });
  }
  ctx.result.http.push(...results);
  return results;
}

/** The usual pair: the server's no-auth route as baseline, then `GET /api/me` variants. */
export function noAuthSpec(id: string, server: string, url: string, path: string, cpuPids: number[]): HttpMeasureSpec {
  return { id, label: `no auth: ${server}`, group: 'no-auth', server, request: `GET ${path}`, load: { url: `${url}${path}` }, cpuPids };
}
