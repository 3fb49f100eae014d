import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../support/free-port.js';

const repositoryRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const cliEntry = join(repositoryRoot, 'packages/server/src/bin.ts');
/** The CLI from source (no build step): tsx for TypeScript, the `source` condition for the workspaces. */
const nodeArguments = ['--conditions=source', '--import', 'tsx', cliEntry];

/**
 * A real `tessera serve` child process on an SQLite data directory that outlives it, so the test
 * can kill it (SIGKILL: no graceful anything) and start it again on the same port and data.
 */
export class ServerProcess {
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), await mkdtemp(join(tmpdir(), 'tessera-process-')), env);
    await server.restart();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The environment of the server and of CLI commands against its data. */
  get environment(): Record<string, string> {
    return {
      ...(process.env as Record<string, string>),
      HOST: '127.0.0.1',
      PORT: String(this.port),
      TESSERA_DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      TESSERA_ARGON2_MEMORY_KIB: '1024',
      TESSERA_ARGON2_TIME_COST: '1',
      ...this.env,
    };
  }

  /** Starts the process (again) and resolves once `/readyz` answers 200. */
  async restart(timeoutMs = 45_000): Promise<void> {
    if (this.#child !== undefined) throw new Error('the server process is still running');
    const child = spawn(process.execPath, [...nodeArguments, 'serve'], { cwd: repositoryRoot, env: this.environment, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.#keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.#keep(chunk));
    child.once('exit', () => {
      if (this.#child === child) this.#child = undefined;
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#child !== child) throw new Error(`tessera serve exited during start-up:\n${this.#output}`);
      try {
        const response = await fetch(`${this.url}/readyz`);
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`tessera serve was not ready within ${timeoutMs} ms:\n${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Kills the process (SIGKILL by default) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.#child = undefined;
  }

  /** Runs `tessera <args>` against the same data directory; resolves with stdout. */
  cli(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...nodeArguments, ...args], { cwd: repositoryRoot, env: this.environment, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`tessera ${args.join(' ')} exited ${code}: ${stderr}`))));
    });
  }

  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** What the process printed (for failure messages); bounded. */
  get output(): string {
    return this.#output;
  }

  #keep(chunk: Buffer): void {
    this.#output = (this.#output + chunk.toString()).slice(-20_000);
  }
}

/** Registers the example's clients with `tessera clients add`, as the example's README does. */
export async function addShopClients(server: ServerProcess): Promise<{ ordersService: { id: string; secret: string } }> {
  await server.cli(['clients', 'add', '--id', 'shop-web', '--name', 'Shop web', '--type', 'public', '--grant', 'password,refresh_token', '--scope', 'orders:read orders:write billing:read', '--audience', 'orders,billing']);
  const orders = JSON.parse(
    // --introspect: a resource server, allowed to subscribe to the revocation stream.
    await server.cli(['clients', 'add', '--id', 'orders-service', '--name', 'Orders service', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'billing:charge', '--audience', 'billing', '--introspect']),
  ) as { client_id: string; client_secret: string };
  return { ordersService: { id: orders.client_id, secret: orders.client_secret } };
}
