import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** A child process the lab started: its log file, readiness, and a bounded stop. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  hasExited(): boolean;
  /** The last lines the process wrote to stdout/stderr (for a skip reason). */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}

const running = new Set<ManagedProcess>();

/** Starts a process with stdout and stderr appended to `logFile` (cheap for a chatty server). */
export function spawnManaged(options: SpawnOptions): ManagedProcess {
  const fd = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  let exitedFlag = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', () => {
      exitedFlag = true;
      resolve('spawn-error');
    });
  });
  const managed: ManagedProcess = {
    name: options.name,
    pid: child.pid,
    logFile: options.logFile,
    exited,
    hasExited: () => exitedFlag,
    tail: (lines = 5) => tailOf(options.logFile, lines),
    async stop(graceMs = 5000) {
      running.delete(managed);
      if (exitedFlag) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await Promise.race([exited, delay(2000)]);
      }
    },
  };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

/** Stops every process this module started and that still runs (used on exit and on Ctrl-C). */
export async function stopAllManaged(): Promise<void> {
  await Promise.all([...running].map((process) => process.stop(3000)));
}

/** Synchronous last-resort kill of this module's children by their pids (process 'exit' hook). */
export function killAllManagedSync(): void {
  for (const managed of running) {
    try {
      process.kill(managed.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. Throws an Error whose
 * message is the reason (with the process's last log lines), ready to become "skipped: <reason>".
 */
export async function waitUntilReady(process: ManagedProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (process.hasExited()) {
      const code = await process.exited;
      throw new Error(`${process.name} exited (${code}) before it was ready: ${oneLine(process.tail(6))}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `${url} answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await delay(100);
  }
  throw new Error(`${process.name} not ready after ${timeoutMs} ms (${lastProblem}): ${oneLine(process.tail(6))}`);
}

function tailOf(file: string, lines: number): string {
  try {
    const text = readFileSync(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Collapses a log excerpt to one line, clipped, for a report cell. */
export function oneLine(text: string, maxLength = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
