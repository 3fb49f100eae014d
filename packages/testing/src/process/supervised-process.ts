import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitUntil } from '../timing/wait-until.js';
import { killOnExit } from './exit-registry.js';

export interface SuperviseOptions {
  /** How messages name the process (`tessera t1`, `redis-server 20123`). */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the output is appended (with `direct`, where the child writes it itself). */
  logFile?: string;
  /**
   * The child writes stdout and stderr straight into `logFile` (no parent CPU per line: the
   * lab's measured servers). Without it the parent reads the output, keeps its tail in memory,
   * appends it to `logFile` and hands each line to `onLine`.
   */
  direct?: boolean;
  onLine?: (line: string) => void;
  /** Its own process group: a terminal's Ctrl-C reaches only the parent, which stops it in order. */
  detached?: boolean;
  /** How much output to keep in memory. Default 50,000 characters. */
  keepChars?: number;
}

/** How a process ended: its exit code, the signal that ended it, or 'spawn-error'. */
export type ExitStatus = number | NodeJS.Signals | 'spawn-error';

/** Thrown by `waitUntilReady` when the process exited or did not become ready in time. */
export class ProcessNotReadyError extends Error {
  readonly code = 'process_not_ready';
  override readonly name = 'ProcessNotReadyError';
}

const supervised = new Set<SupervisedProcess>();

/** A child process with its output, its readiness and a bounded stop (SIGTERM, then SIGKILL). */
export class SupervisedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string | undefined;
  /** Resolves once the process has ended. */
  readonly exited: Promise<ExitStatus>;
  #child: ChildProcess;
  #ended = false;
  #output = '';
  #options: SuperviseOptions;

  constructor(options: SuperviseOptions) {
    this.#options = options;
    this.name = options.name;
    this.logFile = options.logFile;
    this.#child = spawnChild(options);
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => this.#end(resolve, code ?? signal ?? 'spawn-error'));
      this.#child.once('error', () => this.#end(resolve, 'spawn-error'));
    });
    if (this.#child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
    this.pid = this.#child.pid;
    killOnExit(this.#child);
    supervised.add(this);
    this.#child.stdout?.on('data', (chunk: Buffer) => this.#keep(chunk));
    this.#child.stderr?.on('data', (chunk: Buffer) => this.#keep(chunk));
  }

  get running(): boolean {
    return !this.#ended;
  }

  /** The last output (bounded), for failure messages. */
  get output(): string {
    if (!this.#options.direct) return this.#output;
    try {
      return readFileSync(this.logFile!, 'utf8').slice(-(this.#options.keepChars ?? 50_000));
    } catch {
      return '';
    }
  }

  /** The last `lines` lines of output. */
  tail(lines = 6): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /**
   * Polls `isReady` until it answers true; throws ProcessNotReadyError, with the output's tail,
   * when the process exits first or `timeoutMs` passes.
   */
  async waitUntilReady(isReady: () => Promise<boolean>, timeoutMs: number, what = 'ready'): Promise<void> {
    await waitUntil(
      async () => {
        if (this.#ended) throw new ProcessNotReadyError(`${this.name} exited (${String(await this.exited)}) before it was ${what}:\n${this.tail(40)}`);
        return isReady();
      },
      { timeoutMs, failure: () => `${this.name} was not ${what} within ${timeoutMs} ms:\n${this.tail(40)}` },
    ).catch((error: unknown) => {
      if (error instanceof ProcessNotReadyError) throw error;
      throw new ProcessNotReadyError((error as Error).message);
    });
  }

  /** Sends `signal` (default SIGKILL: a crash) and resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.#ended) return;
    this.#child.kill(signal);
    await this.exited;
  }

  /** Sends a signal without waiting (SIGSTOP / SIGCONT: a process that hangs). */
  signal(signal: NodeJS.Signals): void {
    if (!this.#ended) this.#child.kill(signal);
  }

  /** Graceful: SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.#ended) return;
    this.#child.kill('SIGTERM');
    const timer = new AbortController();
    const ended = await Promise.race([this.exited.then(() => true), sleep(graceMs, false, { signal: timer.signal }).catch(() => false)]);
    timer.abort();
    if (!ended) await this.kill('SIGKILL');
  }

  #end(resolve: (status: ExitStatus) => void, status: ExitStatus): void {
    this.#ended = true;
    supervised.delete(this);
    resolve(status);
  }

  #keep(chunk: Buffer): void {
    const text = chunk.toString();
    this.#output = (this.#output + text).slice(-(this.#options.keepChars ?? 50_000));
    if (this.logFile) void appendFile(this.logFile, text).catch(() => undefined);
    if (this.#options.onLine) for (const line of text.split('\n')) if (line.trim()) this.#options.onLine(line);
  }
}

function spawnChild(options: SuperviseOptions): ChildProcess {
  const spawnOptions = { cwd: options.cwd, env: options.env, detached: options.detached ?? false };
  if (!options.direct) return spawn(options.command, options.args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!options.logFile) throw new TypeError(`${options.name}: direct output needs a logFile`);
  const fd = openSync(options.logFile, 'a');
  try {
    return spawn(options.command, options.args, { ...spawnOptions, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

/** Starts a supervised child process. */
export function superviseProcess(options: SuperviseOptions): SupervisedProcess {
  return new SupervisedProcess(options);
}

/** Stops every supervised process that still runs (a lab's Ctrl-C, a script's end). */
export async function stopAllSupervised(graceMs = 3_000): Promise<void> {
  await Promise.all([...supervised].map((child) => child.stop(graceMs)));
}

/** Synchronous last resort (a process 'exit' hook): SIGKILL to every supervised process. */
export function killAllSupervisedSync(): void {
  for (const child of supervised) child.signal('SIGKILL');
}
