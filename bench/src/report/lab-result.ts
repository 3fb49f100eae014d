/**
 * The lab's result: everything `latest.json` holds, from which `latest.md` and `latest.html`
 * are rendered (pure functions of this object, tested from a fixture).
 */
import type { TargetEvaluation } from '../stats/ceiling.js';
import type { LatencySummary } from '../stats/statistics.js';
import type { MicroSeries } from '../micro/micro-protocol.js';

export interface LabSettings {
  quick: boolean;
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  microDurationMs: number;
  microRounds: number;
  revocationSamples: number;
  memorySessionsHttp: number;
  memorySessionsInProcess: number;
  tokenPoolSize: number;
  only: string[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  platform: string;
  arch: string;
  kernel: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
}

export interface HttpSample {
  round: number;
  rps: number;
  ok: number;
  failed: number;
  errors: number;
  durationMs: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
  /** Server CPU (all processes charged) during the window, ms. */
  cpuMs: number;
  /** cpuMs / durationMs: cores the server used. */
  cores: number;
  /** cpuMs / ok requests, µs: for a no-auth route, this is the contract's `b`. */
  cpuPerRequestUs: number;
  /** Load generator CPU / window: the other side of the 2 cores. */
  loadGeneratorCores: number;
  /**
   * Cores used by everything else on the machine meanwhile (machine busy − server − load
   * generator): the kernel's loopback networking, Redis and PostgreSQL when the mode uses them,
   * and any other work on the machine.
   */
  otherCores: number;
}

export type HttpGroup = 'no-auth' | 'session' | 'jwt' | 'introspection' | 'peer';

export interface HttpModeResult {
  id: string;
  label: string;
  group: HttpGroup;
  /** The process(es) measured, e.g. "tessera (SQLite, EdDSA)". */
  server: string;
  /** The request, e.g. "GET /api/me with the session cookie". */
  request: string;
  /** Id of the no-auth measurement of the same server in this run. */
  baselineId?: string;
  connections: number;
  samples: HttpSample[];
  median: { rps: number; p50Ms: number; p99Ms: number; cores: number; rpsPerCore: number; cpuPerRequestUs: number; otherCores: number };
  /** The contract's `v`: what the auth step costs at least, and where that figure comes from. */
  authCost?: { us: number; source: string };
  /** 0.9 × 1/(b + v), requests/s per core. */
  ceilingPerCore?: number;
  targets: TargetEvaluation[];
  notes: string[];
}

export interface MicroResult extends MicroSeries {
  median: number;
  targets: TargetEvaluation[];
}

export interface ScalingPoint {
  instances: number;
  mode: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cores: number;
  samples: HttpSample[];
}

export interface RevocationResult {
  id: string;
  label: string;
  /** How the revocation was made and how refusal was observed. */
  method: string;
  samplesMs: number[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** True when the delay is a configured bound (the stateless verifier waits for exp), not a measurement. */
  bound?: boolean;
  notRefused: number;
  targets: TargetEvaluation[];
  notes: string[];
}

export interface ThroughputResult {
  id: string;
  label: string;
  server: string;
  opsPerSecond: number;
  samples: { round: number; opsPerSecond: number; p50Ms: number; p99Ms: number; failed: number; cores: number }[];
  p50Ms: number;
  p99Ms: number;
  notes: string[];
}

export interface LoginLoadResult {
  server: string;
  request: string;
  rateRps: number;
  loginsPerSecondTarget: number;
  loginsPerSecondAchieved: number;
  idle: { p50Ms: number; p99Ms: number; samples: number[] };
  underLogins: { p50Ms: number; p99Ms: number; samples: number[] };
  targets: TargetEvaluation[];
  notes: string[];
}

export interface MemoryResult {
  store: string;
  method: string;
  sessionsCreated: number;
  bytesPerSession: number;
  bytesPer100k: number;
  notes: string[];
}

export interface Skip {
  mode: string;
  reason: string;
}

export interface ProfileSummary {
  mode: string;
  file: string;
  topSelf: { functionName: string; url: string; selfPercent: number }[];
}

export interface LabResult {
  schema: 'tessera-lab/1';
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  settings: LabSettings;
  machine: MachineInfo;
  versions: Record<string, string>;
  serverLaunch: string;
  micro: MicroResult[];
  storeLookups: MicroResult[];
  http: HttpModeResult[];
  scaling: ScalingPoint[];
  revocation: RevocationResult[];
  throughput: ThroughputResult[];
  loginLoad: LoginLoadResult | null;
  memory: MemoryResult[];
  skipped: Skip[];
  notes: string[];
  profiles: ProfileSummary[];
  /** Wall time of each step of the run, seconds. */
  steps: { id: string; seconds: number }[];
}
