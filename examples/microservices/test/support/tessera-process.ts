import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TesseraServerProcess } from '@tessera/testing';

/** A real Tessera server (`tessera serve` from this checkout's source, SQLite in a temp directory) in a child process. */
export class TesseraProcess {
  private constructor(
    private readonly server: TesseraServerProcess,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<TesseraProcess> {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-example-'));
    const server = new TesseraServerProcess({
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        TESSERA_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // Cheap password hashing: this test is about services, not Argon2 (the server warns about it).
        TESSERA_ARGON2_MEMORY_KIB: '1024',
        TESSERA_ARGON2_TIME_COST: '1',
      },
    });
    await server.startOnFreePort(60_000);
    return new TesseraProcess(server, dataDir);
  }

  get url(): string {
    return this.server.url;
  }

  /** `npx tessera <args>` against the same data directory; resolves with stdout. */
  tessera(args: string[]): Promise<string> {
    return this.server.cli(args);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
