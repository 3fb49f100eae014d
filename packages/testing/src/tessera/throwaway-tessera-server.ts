import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TesseraServerProcess } from './tessera-server-process.js';

export interface ThrowawayTesseraOptions {
  /** Prefix of its temp data directory. Default `tessera-throwaway-`. */
  tempPrefix?: string;
  /** Over the defaults below (and the parent's environment). */
  env?: Record<string, string>;
  /** How long the first start may take. Default 60 s. */
  readyTimeoutMs?: number;
  keepChars?: number;
}

/**
 * A real `tessera serve` child process (from source) on a free port and an SQLite data directory
 * of its own that outlives the process: kill it (SIGKILL, no graceful anything), start it again
 * on the same port and data, run `tessera <args>` against the same data, and `dispose()` of it all.
 */
export class ThrowawayTesseraServer {
  private constructor(
    private readonly server: TesseraServerProcess,
    readonly dataDir: string,
  ) {}

  static async start(options: ThrowawayTesseraOptions = {}): Promise<ThrowawayTesseraServer> {
    const dataDir = await mkdtemp(join(tmpdir(), options.tempPrefix ?? 'tessera-throwaway-'));
    const server = new TesseraServerProcess({
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        TESSERA_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // Cheap password hashing: these tests are about processes and services, not Argon2 (the server warns about it).
        TESSERA_ARGON2_MEMORY_KIB: '1024',
        TESSERA_ARGON2_TIME_COST: '1',
        ...options.env,
      },
      keepChars: options.keepChars ?? 20_000,
    });
    try {
      await server.startOnFreePort(options.readyTimeoutMs ?? 60_000);
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
    return new ThrowawayTesseraServer(server, dataDir);
  }

  get url(): string {
    return this.server.url;
  }

  /** What the process printed (for failure messages); bounded. */
  get output(): string {
    return this.server.output;
  }

  /** Starts the process again (same port, same data); resolves once `/readyz` answers 200. */
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

  /** Graceful stop, then the data directory is removed. */
  async dispose(): Promise<void> {
    await this.server.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
