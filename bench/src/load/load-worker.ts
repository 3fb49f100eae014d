/**
 * The load generator, in its own process so its CPU never counts as the server's: receives jobs
 * over IPC, drives autocannon (or refresh-rotation chains), and replies with JSON. It also reads
 * the server's CPU time at the exact edges of the measured window.
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpuTimeMs, machineBusyMs } from '../process/cpu-time.js';
import { summarizeLatencies } from '../stats/statistics.js';
import { LatencyRecorder } from './latency-recorder.js';
import type { HttpJob, HttpLoad, LoadJob, LoadOutcome, LoadWindow, RotationJob, WorkerReply } from './load-protocol.js';

interface Tally {
  ok: number;
  failed: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  latencies: LatencyRecorder;
}

function newTally(): Tally {
  return { ok: 0, failed: 0, errors: 0, timeouts: 0, statuses: {}, latencies: new LatencyRecorder() };
}

function runAutocannon(load: HttpLoad, durationSeconds: number, tally: Tally | null): Promise<void> {
  const okStatuses = new Set(load.okStatuses ?? []);
  const isOk = (status: number) => (okStatuses.size > 0 ? okStatuses.has(status) : status >= 200 && status < 300);
  const pool = load.headerPool;
  let next = 0;
  return new Promise((resolve, reject) => {
    const options: autocannon.Options = {
      url: load.url,
      method: load.method ?? 'GET',
      headers: load.headers ?? {},
      connections: load.connections,
      duration: durationSeconds,
      // autocannon only notices the end of `duration` on a sample tick: tick often.
      sampleInt: 50,
      timeout: 5,
      ...(load.body !== undefined ? { body: load.body } : {}),
      ...(load.overallRate !== undefined ? { overallRate: load.overallRate } : {}),
      ...(pool && pool.length > 0
        ? {
            requests: [
              {
                setupRequest: (req: autocannon.Request) => {
                  const headers = pool[next++ % pool.length]!;
                  return { ...req, headers: { ...(req.headers ?? {}), ...headers } };
                },
              },
            ],
          }
        : {}),
    };
    const instance = autocannon(options, (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()));
    if (tally) {
      instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
        tally.statuses[statusCode] = (tally.statuses[statusCode] ?? 0) + 1;
        if (isOk(statusCode)) {
          tally.ok += 1;
          tally.latencies.record(responseTimeMs);
        } else {
          tally.failed += 1;
        }
      });
      instance.on('reqError', () => (tally.errors += 1));
      instance.on('timeout' as 'reqError', () => (tally.timeouts += 1));
    }
  });
}

function toWindow(label: string, tally: Tally, durationMs: number): LoadWindow {
  return {
    label,
    rps: durationMs > 0 ? (tally.ok * 1000) / durationMs : 0,
    ok: tally.ok,
    failed: tally.failed,
    errors: tally.errors,
    timeouts: tally.timeouts,
    statuses: tally.statuses,
    durationMs,
    latency: summarizeLatencies(tally.latencies.values()),
  };
}

async function runHttpJob(job: HttpJob): Promise<LoadOutcome> {
  const warmups = job.loads.filter((load) => load.warmupSeconds > 0);
  await Promise.all(warmups.map((load) => runAutocannon(load, load.warmupSeconds, null)));
  const tallies = job.loads.map(() => newTally());
  const cpuBefore = job.cpuPids.map(cpuTimeMs);
  const busyBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();
  const ends: number[] = [];
  await Promise.all(
    job.loads.map(async (load, index) => {
      await runAutocannon(load, load.durationSeconds, tallies[index]!);
      ends[index] = performance.now();
    }),
  );
  const wallMs = performance.now() - startedAt;
  const cpuAfter = job.cpuPids.map(cpuTimeMs);
  const self = process.cpuUsage(selfBefore);
  const machine = machineBusyMs() - busyBefore;
  return {
    machineBusyMs: machine,
    workerCpuMs: (self.user + self.system) / 1000,
    windows: job.loads.map((load, index) => toWindow(load.label, tallies[index]!, (ends[index] ?? performance.now()) - startedAt)),
    cpuMs: cpuAfter.map((after, index) => after - cpuBefore[index]!),
    wallMs,
  };
}

/** One rotation: POST the refresh token, answer the successor (or null when refused). */
function rotate(agent: Agent, url: URL, refreshToken: string): Promise<{ status: number; next: string | null }> {
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }, timeout: 5000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          let next: string | null = null;
          if (res.statusCode === 200) {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { refresh_token?: unknown };
              next = typeof parsed.refresh_token === 'string' ? parsed.refresh_token : null;
            } catch {
              next = null;
            }
          }
          resolve({ status: res.statusCode ?? 0, next });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function runRotationJob(job: RotationJob): Promise<LoadOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.refreshTokens.length });
  const url = new URL(job.url);
  const tally = newTally();
  const cpuBefore = job.cpuPids.map(cpuTimeMs);
  const busyBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();
  const endAt = startedAt + job.durationSeconds * 1000;
  const maxRotationsPerChain = 1_000_000;
  await Promise.all(
    job.refreshTokens.map(async (initial) => {
      let token: string | null = initial;
      for (let i = 0; i < maxRotationsPerChain && token !== null && performance.now() < endAt; i++) {
        const sentAt = performance.now();
        try {
          const { status, next } = await rotate(agent, url, token);
          tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
          if (next !== null) {
            tally.ok += 1;
            tally.latencies.record(performance.now() - sentAt);
          } else {
            tally.failed += 1;
          }
          token = next;
        } catch {
          tally.errors += 1;
          token = null;
        }
      }
    }),
  );
  const wallMs = performance.now() - startedAt;
  const cpuAfter = job.cpuPids.map(cpuTimeMs);
  agent.destroy();
  const self = process.cpuUsage(selfBefore);
  return { machineBusyMs: machineBusyMs() - busyBefore, workerCpuMs: (self.user + self.system) / 1000, windows: [toWindow('refresh rotation', tally, wallMs)], cpuMs: cpuAfter.map((after, index) => after - cpuBefore[index]!), wallMs };
}

async function handle(job: LoadJob): Promise<WorkerReply> {
  try {
    const outcome = job.kind === 'http' ? await runHttpJob(job) : await runRotationJob(job);
    return { id: job.id, ok: true, outcome };
  } catch (error) {
    return { id: job.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

if (typeof process.send !== 'function') {
  process.stderr.write('load-worker: start me with child_process.fork (IPC)\n');
  process.exit(2);
}
process.on('message', (job: LoadJob) => {
  void handle(job).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
