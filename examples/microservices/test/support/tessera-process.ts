import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** `tessera` from this checkout's source, exactly as `npm start` / `npx tessera` would run it once built. */
const tesseraCommand = ['--conditions=source', '--import', 'tsx', join(repositoryRoot, 'packages/server/src/bin.ts')];

/** A real Tessera server (`tessera serve`, SQLite in a temp directory) in a child process. */
export class TesseraProcess {
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<TesseraProcess> {
    const server = new TesseraProcess(await freePort(), await mkdtemp(join(tmpdir(), 'tessera-example-')));
    const child = spawn(process.execPath, [...tesseraCommand, 'serve'], { cwd: repositoryRoot, env: server.#env(), stdio: ['ignore', 'pipe', 'pipe'] });
    server.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => (server.#output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (server.#output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tessera serve exited:\n${server.#output}`);
      const ready = await fetch(`${server.url}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return server;
      if (Date.now() > deadline) throw new Error(`tessera serve not ready:\n${server.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `npx tessera <args>` against the same data directory; resolves with stdout. */
  tessera(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...tesseraCommand, ...args], { cwd: repositoryRoot, env: this.#env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`tessera ${args.join(' ')}: exit ${code}: ${stderr}`))));
    });
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(this.dataDir, { recursive: true, force: true });
  }

  #env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(this.port),
      TESSERA_DATA_DIR: this.dataDir,
      LOG_LEVEL: 'warn',
      // Cheap password hashing: this test is about services, not Argon2 (the server warns about it).
      TESSERA_ARGON2_MEMORY_KIB: '1024',
      TESSERA_ARGON2_TIME_COST: '1',
    };
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
