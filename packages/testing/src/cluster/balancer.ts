import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canConnect } from '../probes/tcp-probe.js';
import { superviseProcess, type SupervisedProcess } from '../process/supervised-process.js';
import { waitUntil } from '../timing/wait-until.js';
import type { BalancerStates } from './cluster-types.js';
import { haproxyConfig, problemResponses } from './haproxy-config.js';
import { parseServerStates, statsSocketCommand } from './stats-socket.js';

/**
 * HAProxy in front of the instances: round robin, no stickiness, and two backends over the same
 * servers. `tessera_ready` health-checks `GET /readyz`; `tessera_live` only checks that the port
 * accepts connections. Traffic goes to the ready ones; only when none is ready (a shared store
 * is down for everyone) does it go to the live ones, which answer for themselves: 503 with
 * Retry-After for what needs the missing store, 200 for what does not (JWTs on the local keys).
 */
export class Balancer {
  #process: SupervisedProcess | null = null;
  readonly #configFile: string;
  readonly #socket: string;

  constructor(
    private readonly binary: string,
    private readonly runDir: string,
    readonly port: number,
    private readonly servers: () => { name: string; port: number }[],
    private readonly onLine?: (line: string) => void,
  ) {
    this.#configFile = join(runDir, 'haproxy.cfg');
    this.#socket = join(runDir, 'haproxy.sock');
  }

  async start(): Promise<void> {
    const errorFiles: Record<string, string> = {};
    for (const [status, file] of Object.entries(problemResponses())) {
      errorFiles[status] = join(this.runDir, `error-${status}.http`);
      await writeFile(errorFiles[status], file);
    }
    await writeFile(this.#configFile, haproxyConfig({ port: this.port, socket: this.#socket, servers: this.servers(), errorFiles }));
    this.#process = superviseProcess({
      name: 'haproxy',
      command: this.binary,
      args: ['-f', this.#configFile, '-db'],
      detached: true,
      keepChars: 20_000,
      ...(this.onLine === undefined ? {} : { onLine: this.onLine }),
    });
    await this.#process.waitUntilReady(() => canConnect('127.0.0.1', this.port, 500), 10_000, `listening on ${this.port}`);
  }

  /** SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    await this.#process?.stop(5_000);
  }

  /** Each server's check state in both backends and its retry counters, from the stats socket: `{ t1: { ready: 'UP', live: 'UP', … }, … }`. */
  async states(): Promise<BalancerStates> {
    return parseServerStates(await statsSocketCommand(this.#socket, 'show stat'));
  }

  async waitUntil(predicate: (states: BalancerStates) => boolean, timeoutMs: number): Promise<BalancerStates> {
    let last: BalancerStates = {};
    await waitUntil(
      async () => {
        last = await this.states().catch(() => last);
        return predicate(last);
      },
      { timeoutMs, failure: () => `balancer did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(last)}` },
    );
    return last;
  }
}
