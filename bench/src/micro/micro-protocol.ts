export const algorithms = ['EdDSA', 'ES256', 'RS256', 'PS256', 'HS256'] as const;
export type Algorithm = (typeof algorithms)[number];

export const verifyImplementations = ['node:crypto', '@tessera/verify', '@tessera/verify (cache)', 'jose.jwtVerify', 'fast-jwt'] as const;
export type VerifyImplementation = (typeof verifyImplementations)[number];

export interface VerifyJob {
  kind: 'verify';
  durationMs: number;
  rounds: number;
}

export interface StoreLookupJob {
  kind: 'store-lookups';
  durationMs: number;
  rounds: number;
  redisUrl: string | null;
  postgresUrl: string | null;
  /** Root of the repository, to load the SQL drivers the SQL store itself uses. */
  repoRoot: string;
}

export interface MemorySessionsJob {
  kind: 'memory-sessions';
  sessions: number;
}

export type MicroJob = VerifyJob | StoreLookupJob | MemorySessionsJob;

/** Operations per second of one implementation, one sample per round. */
export interface MicroSeries {
  name: string;
  algorithm?: Algorithm;
  implementation?: VerifyImplementation;
  opsPerSecond: number[];
  /** Why it has no samples (a missing package, a refused option). */
  skipped?: string;
  note?: string;
}

export interface MemorySessionsOutcome {
  sessions: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  bytesPerSession: number;
}

export type MicroReply =
  | { ok: true; series?: MicroSeries[]; memory?: MemorySessionsOutcome; notes?: string[] }
  | { ok: false; error: string };
