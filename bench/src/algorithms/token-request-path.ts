/**
 * The token-mode request path of one algorithm: a real Tessera process (`tessera serve`, default
 * SQLite store, `TESSERA_JWT_ALG` set), `GET /api/me` with a pool of distinct client_credentials
 * tokens rotated per request: more than the server's verified-token cache holds
 * (`SERVER_VERIFIED_TOKEN_CACHE_ENTRIES`), so in LRU order every request verifies a signature,
 * driven by the lab's load-generator process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadClient } from '../load/load-client.js';
import type { LoadOutcome } from '../load/load-protocol.js';
import { freePort, superviseProcess, type SupervisedProcess } from '@tessera/testing';
import { waitForHealthz } from '../process/lab-processes.js';
import { repoRoot } from '../process/paths.js';

const bin = join(repoRoot, 'packages/server/bin/tessera.js');

export interface TokenServer {
  alg: string;
  url: string;
  process: SupervisedProcess;
  tokens: string[];
}

/** Starts a server signing with `alg` and mints `poolSize` distinct access tokens from it. */
export async function startTokenServer(alg: string, workDir: string, poolSize: number): Promise<TokenServer> {
  const dataDir = join(workDir, `tessera-${alg}`);
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), TESSERA_DATA_DIR: dataDir, TESSERA_JWT_ALG: alg };
  // Audience: the server itself (its issuer), which is what `/api/me` accepts.
  const added = await promisify(execFile)(
    process.execPath,
    [bin, 'clients', 'add', '--name', 'lab', '--type', 'confidential', '--grant', 'client_credentials', '--scope', 'orders:read', '--audience', url, '--id', 'lab-client'],
    { env, cwd: repoRoot },
  );
  const secret = (JSON.parse(added.stdout) as { client_secret: string }).client_secret;
  const managed = superviseProcess({ name: `tessera ${alg}`, command: process.execPath, args: [bin, 'serve'], env, cwd: repoRoot, logFile: join(workDir, `tessera-${alg}.log`), direct: true });
  await waitForHealthz(managed, `${url}/healthz`, 30_000);
  const authorization = `Basic ${Buffer.from(`lab-client:${secret}`).toString('base64')}`;
  const mint = async (): Promise<string> => {
    const response = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read' }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (body.access_token === undefined) throw new Error(`tessera ${alg}: /oauth/token answered ${response.status}`);
    return body.access_token;
  };
  const tokens: string[] = [];
  // A few in flight: minting is not what is measured, but 12,000 one at a time takes a while.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (tokens.length < poolSize) tokens.push(await mint());
    }),
  );
  return { alg, url, process: managed, tokens };
}

export interface RequestPathSample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU per request, µs (the server process only). */
  cpuPerRequestUs: number;
}

/** One measured window of `GET /api/me` with the rotated token pool. */
export async function measureRequestPath(load: LoadClient, server: TokenServer, durationSeconds: number): Promise<RequestPathSample> {
  const loads = [
    {
      label: `jwt-${server.alg}`,
      url: `${server.url}/api/me`,
      headerPool: server.tokens.map((token) => ({ authorization: `Bearer ${token}` })),
      connections: 32,
      durationSeconds,
      warmupSeconds: 0.5,
    },
  ];
  const outcome: LoadOutcome = await load.run({ kind: 'http', loads, cpuPids: [server.process.pid] }, (durationSeconds + 30) * 1000);
  const window = outcome.windows[0]!;
  if (window.failed + window.errors > window.ok * 0.01) throw new Error(`jwt-${server.alg}: ${window.failed} failed, ${window.errors} errors (${JSON.stringify(window.statuses)})`);
  const requests = window.ok + window.failed;
  return { rps: window.rps, p50Ms: window.latency.p50Ms, p99Ms: window.latency.p99Ms, cpuPerRequestUs: requests > 0 ? ((outcome.cpuMs[0] ?? 0) * 1000) / requests : Number.NaN };
}
