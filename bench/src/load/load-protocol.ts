import type { LatencySummary } from '../stats/statistics.js';

/** One HTTP load the worker drives with autocannon. */
export interface HttpLoad {
  label: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Rotated per request (e.g. a pool of distinct bearer tokens so no cache can help). */
  headerPool?: Record<string, string>[];
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Fixed request rate for the whole load (autocannon `overallRate`); unset = as fast as possible. */
  overallRate?: number;
  /** Status codes that count as success (default: 2xx). */
  okStatuses?: number[];
}

/** The worker measures server CPU itself, at the very start and end of the measured window. */
export interface HttpJob {
  kind: 'http';
  id: number;
  loads: HttpLoad[];
  /** Processes whose CPU time the window is charged with (the server, and its helpers). */
  cpuPids: number[];
}

/** Refresh-token rotation: each chain presents its token and continues with the successor. */
export interface RotationJob {
  kind: 'rotation';
  id: number;
  url: string;
  refreshTokens: string[];
  durationSeconds: number;
  cpuPids: number[];
}

export type LoadJob = HttpJob | RotationJob;

export interface LoadWindow {
  label: string;
  /** Successful responses (okStatuses) per second over the measured window. */
  rps: number;
  ok: number;
  failed: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  durationMs: number;
  latency: LatencySummary;
}

export interface LoadOutcome {
  windows: LoadWindow[];
  /** CPU ms each `cpuPids` entry burned during the window (same order). */
  cpuMs: number[];
  wallMs: number;
  /** Whole-machine busy CPU during the window, ms, and the load generator's own share. */
  machineBusyMs: number;
  workerCpuMs: number;
}

export type WorkerReply = { id: number; ok: true; outcome: LoadOutcome } | { id: number; ok: false; error: string };
