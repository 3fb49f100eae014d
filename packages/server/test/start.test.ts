import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@tessera/testing';
import { setTimeout as sleep } from 'node:timers/promises';

const repoRoot = resolve(import.meta.dirname, '../../..');
const bin = 'packages/server/src/bin.ts';

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * `tessera <args>` from source, as `npm start` runs the compiled one (no build in tests): what
 * `npx tsx --conditions=source packages/server/src/bin.ts` runs, minus npx, which would swallow the
 * SIGTERM this test sends.
 */
function tessera(args: string[], env: Record<string, string>): Run {
  const child = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['--conditions=source', bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  return { child, output: () => output, exited };
}

async function waitForHealthy(baseUrl: string, run: Run, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void run.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`server did not become healthy: ${run.output()}`);
}

async function kids(baseUrl: string): Promise<string[]> {
  const jwks = (await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

describe('tessera serve (the CLI, from source)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-start-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves on the configured port, keeps its signing keys in TESSERA_DATA_DIR across a restart, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), HOST: '127.0.0.1', TESSERA_DATA_DIR: dataDir };

    const first = tessera(['serve'], env);
    await waitForHealthy(baseUrl, first);
    const metadata = (await (await fetch(`${baseUrl}/.well-known/oauth-authorization-server`)).json()) as { issuer: string };
    expect(metadata.issuer).toBe(baseUrl);
    const before = await kids(baseUrl);
    expect(before.length).toBeGreaterThan(0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await readdir(dataDir)).toContain('tessera.db');

    const second = tessera(['serve'], env);
    await waitForHealthy(baseUrl, second);
    expect(await kids(baseUrl)).toEqual(before);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('refuses a bad configuration value with one clear line naming the variable, exit code 2', async () => {
    const run = tessera(['serve'], { TESSERA_JWT_ALG: 'HS999', TESSERA_DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await run.exited).toBe(2);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('TESSERA_JWT_ALG');
    expect(lines[0]).toContain('EdDSA');
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses an access-token TTL over 900 s unless the operator insists', async () => {
    const run = tessera(['config', 'check'], { TESSERA_ACCESS_TOKEN_TTL: '3600' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/^tessera: invalid configuration: TESSERA_ACCESS_TOKEN_TTL .*TESSERA_ALLOW_LONG_ACCESS_TOKENS/);
    const insisted = tessera(['config', 'check'], { TESSERA_ACCESS_TOKEN_TTL: '3600', TESSERA_ALLOW_LONG_ACCESS_TOKENS: 'true' });
    expect(await insisted.exited).toBe(0);
  }, 60_000);
});
