import type { LoadClient } from './load/load-client.js';
import type { TesseraLaunch } from './process/tessera-launch.js';
import type { Progress } from './progress.js';
import type { LabResult, LabSettings } from './report/lab-result.js';

/** What every mode gets: settings, the load generator, scratch space, and the result to fill. */
export interface LabContext {
  settings: LabSettings;
  /** Scratch directory of this run (data dirs, logs); removed at the end unless --keep. */
  workDir: string;
  resultsDir: string;
  load: LoadClient;
  progress: Progress;
  result: LabResult;
  launch: TesseraLaunch;
  /** Base Redis URL (no db), or null with `redisProblem`. */
  redisUrl: string | null;
  redisProblem: string;
  /** A Postgres URL with rights to create databases, or null with `postgresProblem`. */
  postgresAdminUrl: string | null;
  postgresProblem: string;
  /** Ids of the Tessera servers to start with --cpu-prof ('all' for every one). */
  cpuProfile: Set<string> | 'all' | null;
  /** Runs at the end of the run, last registered first. */
  cleanups: (() => Promise<void>)[];
}

export function skip(ctx: LabContext, mode: string, reason: string): void {
  ctx.result.skipped.push({ mode, reason });
  ctx.progress.log(`mode ${mode} skipped: ${reason}`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/** --only filter: a mode runs when no filter is given or one pattern is a substring of its id. */
export function selected(ctx: LabContext, id: string): boolean {
  return ctx.settings.only.length === 0 || ctx.settings.only.some((pattern) => id.includes(pattern));
}
