import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TesseraServerProcess } from '@tessera/testing';

/**
 * A real `tessera serve` child process (from source) on an SQLite data directory that outlives
 * it, so the test can kill it (SIGKILL: no graceful anything) and start it again on the same port
 * and data.
 */
export class ServerProcess {
  private constructor(
    private readonly server: TesseraServerProcess,
    readonly dataDir: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ServerProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-process-'));
    const server = new TesseraServerProcess({
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        TESSERA_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        TESSERA_ARGON2_MEMORY_KIB: '1024',
        TESSERA_ARGON2_TIME_COST: '1',
        ...env,
      },
      keepChars: 20_000,
    });
    await server.startOnFreePort(45_000);
    return new ServerProcess(server, dataDir);
  }

  get url(): string {
    return this.server.url;
  }

  /** Starts the process again (same port, same data) and resolves once `/readyz` answers 200. */
  restart(timeoutMs = 45_000): Promise<void> {
    return this.server.start(timeoutMs);
  }

  /** Kills the process (SIGKILL by default) and waits for it to be gone. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.server.kill(signal);
  }

  /** Runs `tessera <args>` against the same data directory; resolves with stdout. */
  cli(args: string[]): Promise<string> {
    return this.server.cli(args);
  }

  async dispose(): Promise<void> {
    await this.server.kill('SIGTERM');
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** What the process printed (for failure messages); bounded. */
  get output(): string {
    return this.server.output;
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
