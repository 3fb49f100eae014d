import { fileURLToPath } from 'node:url';

/**
 * Path of another lab module next to this build: `.js` under bench/dist, `.ts` when the lab runs
 * from source through tsx. `relative` is written without extension, from bench/src (e.g.
 * 'load/load-worker').
 */
export function benchModulePath(relative: string): string {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`../${relative}${extension}`, import.meta.url));
}

/**
 * Node flags for a lab child process: the parent's flags (so tsx keeps working from source)
 * without profiling flags, which the lab passes only to the processes it means to profile.
 */
export function childExecArgv(extra: readonly string[] = []): string[] {
  return [...process.execArgv.filter((flag) => !flag.startsWith('--cpu-prof') && !flag.startsWith('--inspect')), ...extra];
}
