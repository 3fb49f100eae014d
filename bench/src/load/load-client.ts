import { fork, type ChildProcess } from 'node:child_process';
import { benchModulePath, childExecArgv } from '../process/bench-module.js';
import type { HttpLoad, LoadOutcome, RotationJob, WorkerReply } from './load-protocol.js';

type JobInput = { kind: 'http'; loads: HttpLoad[]; cpuPids: number[] } | Omit<RotationJob, 'id'>;

/** The runner's handle on the load-generator process (one for the whole run, reused by every mode). */
export class LoadClient {
  #child: ChildProcess | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (outcome: LoadOutcome) => void; reject: (error: Error) => void }>();

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  #start(): ChildProcess {
    if (this.#child && this.#child.exitCode === null && this.#child.connected) return this.#child;
    const child = fork(benchModulePath('load/load-worker'), [], { execArgv: childExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (reply: WorkerReply) => {
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.outcome);
      else pending.reject(new Error(reply.error));
    });
    child.on('exit', (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`load worker exited (${code})`));
      this.#pending.clear();
      if (this.#child === child) this.#child = null;
    });
    this.#child = child;
    return child;
  }

  /** Runs one job; rejects after `timeoutMs` (every job is bounded in time). */
  run(job: JobInput, timeoutMs: number): Promise<LoadOutcome> {
    const child = this.#start();
    const id = this.#nextId++;
    return new Promise<LoadOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`load job timed out after ${timeoutMs} ms`));
        // A stuck autocannon would poison the next job: start a fresh worker.
        child.kill('SIGKILL');
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ ...job, id });
    });
  }

  close(): void {
    if (this.#child) {
      this.#child.disconnect();
      const child = this.#child;
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
      this.#child = null;
    }
  }
}

/** Upper bound for a job made of these loads: warmup + duration + generous slack. */
export function jobTimeoutMs(loads: readonly Pick<HttpLoad, 'warmupSeconds' | 'durationSeconds'>[]): number {
  const longest = Math.max(0, ...loads.map((load) => load.warmupSeconds + load.durationSeconds));
  return Math.round(longest * 1000 * 2 + 15_000);
}
