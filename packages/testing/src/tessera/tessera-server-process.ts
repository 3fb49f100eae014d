import { freePort } from '../ports/free-port.js';
import { answersOk } from '../probes/http-probe.js';
import { runCommand } from '../process/run-command.js';
import { superviseProcess, type SupervisedProcess } from '../process/supervised-process.js';
import { repositoryRoot } from '../repository-root.js';
import { tesseraNodeArguments, type TesseraEntry } from './tessera-entry.js';

export interface TesseraServerOptions {
  /** How messages name it. Default `tessera serve`. */
  name?: string;
  /** Default `source`. */
  entry?: TesseraEntry;
  /** The whole environment of `serve` and of `cli()` (PORT is added). */
  env: NodeJS.ProcessEnv;
  /** Fixed port; without it `startOnFreePort()` picks one. */
  port?: number;
  logFile?: string;
  onLine?: (line: string) => void;
  detached?: boolean;
  keepChars?: number;
}

/**
 * One `tessera serve` child process on a fixed port, restartable on the same port (and data):
 * tests kill it (SIGKILL: no graceful anything) and start it again.
 */
export class TesseraServerProcess {
  port: number;
  #process: SupervisedProcess | null = null;
  readonly #nodeArguments: string[];

  constructor(private readonly options: TesseraServerOptions) {
    this.port = options.port ?? 0;
    this.#nodeArguments = tesseraNodeArguments(options.entry ?? 'source');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | null {
    return this.#process?.running ? this.#process.pid : null;
  }

  get running(): boolean {
    return this.#process?.running ?? false;
  }

  /** What the process printed last (bounded), for failure messages. */
  get output(): string {
    return this.#process?.output ?? '';
  }

  /** First start: a free port, retried when another process takes it first. */
  async startOnFreePort(timeoutMs?: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      this.port = await freePort();
      try {
        await this.start(timeoutMs);
        return;
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE/.test(this.output)) throw error;
      }
    }
  }

  /** Starts the process (again) on its port and resolves once its own /readyz answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`${this.options.name ?? 'tessera serve'} is still running`);
    if (this.port === 0) throw new Error('no port: use startOnFreePort()');
    const child = superviseProcess({
      name: this.options.name ?? 'tessera serve',
      command: process.execPath,
      args: [...this.#nodeArguments, 'serve'],
      cwd: repositoryRoot,
      env: { ...this.options.env, PORT: String(this.port) },
      ...(this.options.logFile === undefined ? {} : { logFile: this.options.logFile }),
      ...(this.options.onLine === undefined ? {} : { onLine: this.options.onLine }),
      detached: this.options.detached ?? false,
      keepChars: this.options.keepChars ?? 50_000,
    });
    this.#process = child;
    await child.waitUntilReady(() => answersOk(`${this.url}/readyz`), timeoutMs);
  }

  /** Sends `signal` (default SIGKILL: a crash) and waits until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.#process?.kill(signal);
  }

  /** Graceful: SIGTERM, then SIGKILL after `graceMs` (default 15 s). */
  async stop(graceMs = 15_000): Promise<void> {
    await this.#process?.stop(graceMs);
  }

  /** Runs `tessera <args>` with the same environment (stores, data directory); resolves with stdout. */
  cli(args: string[]): Promise<string> {
    return runCommand(process.execPath, [...this.#nodeArguments, ...args], { cwd: repositoryRoot, env: { ...this.options.env, PORT: String(this.port) }, describe: `tessera ${args.join(' ')}` });
  }
}
