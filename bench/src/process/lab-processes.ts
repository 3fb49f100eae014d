/**
 * Starting the processes a mode measures: Tessera servers (the real CLI, configured through the
 * contract's environment variables) and the lab's own small services. Every start is bounded in
 * time; a process that does not come up becomes a skip reason, never a number.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabContext } from '../lab-context.js';
import { newCredentials, TesseraClient, type CookieSession, type Credentials, type TokenPair } from '../tessera-client.js';
import { benchModulePath, childExecArgv } from './bench-module.js';
import { answersOk, freePort, superviseProcess, type SupervisedProcess } from '@tessera/testing';
import { repoRoot } from './paths.js';

export interface LabProcess {
  id: string;
  label: string;
  url: string;
  port: number;
  process: SupervisedProcess;
  cpuPids: number[];
  stop(): Promise<void>;
}

export interface TesseraSpec {
  id: string;
  label: string;
  /** Contract variables: DATABASE_URL, REDIS_URL, TESSERA_JWT_ALG, … */
  env: Record<string, string>;
}

export interface RunningTessera extends LabProcess {
  spec: TesseraSpec;
  dataDir: string;
  client: TesseraClient;
  credentials: Credentials;
  session: CookieSession;
  tokens: TokenPair;
}

/** The parent's environment without anything that would point a child at the wrong store. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('TESSERA_') || name === 'DATABASE_URL' || name === 'REDIS_URL' || name === 'PORT' || name === 'HOST' || name === 'NODE_OPTIONS') delete env[name];
  }
  return env;
}

const readyTimeoutMs = 45_000;

/**
 * Polls `url` until it answers 2xx; otherwise throws an Error whose one-line message (with the
 * process's last log lines) is ready to become "skipped: <reason>".
 */
export async function waitForHealthz(child: SupervisedProcess, url: string, timeoutMs: number): Promise<void> {
  try {
    await child.waitUntilReady(() => answersOk(url, 1000), timeoutMs);
  } catch (error) {
    const flat = (error as Error).message.replace(/\s+/g, ' ').trim();
    throw new Error(flat.length > 600 ? `${flat.slice(0, 599)}…` : flat, { cause: error });
  }
}

export function profileArgs(ctx: LabContext, id: string): string[] {
  const wanted = ctx.cpuProfile === 'all' || (ctx.cpuProfile?.has(id) ?? false);
  if (!wanted) return [];
  const dir = join(ctx.resultsDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${id}.cpuprofile`];
}

/**
 * The lab is one load generator on one address logging one account in from several lanes at once.
 * The throttles charge every attempt before the password check (in-flight attempts count), so at
 * production limits the lab would measure the throttle, not the auth path: its servers raise them.
 */
const labThrottleLimits = {
  TESSERA_LOGIN_FAILURES_PER_ACCOUNT_IP: '10000',
  TESSERA_LOGIN_FAILURES_PER_ACCOUNT: '100000',
  TESSERA_LOGIN_FAILURES_PER_IP: '1000000',
  TESSERA_SIGNUPS_PER_IP_PER_HOUR: '1000000',
  TESSERA_SIGNUPS_PER_HOUR: '1000000',
  TESSERA_REVOKES_PER_IP_PER_MINUTE: '1000000',
  TESSERA_REVOKES_PER_CLIENT_PER_MINUTE: '1000000',
};

/** Starts `tessera serve` with this spec, waits for /healthz, and makes a user, a session and a token pair. */
export async function startTessera(ctx: LabContext, spec: TesseraSpec): Promise<RunningTessera> {
  if (!ctx.launch.ok) throw new Error(ctx.launch.reason);
  const port = await freePort();
  const dataDir = join(ctx.workDir, `tessera-${spec.id}`);
  mkdirSync(dataDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const script = ctx.launch.prefixArgs.at(-1)!;
  const nodeFlags = ctx.launch.prefixArgs.slice(0, -1);
  const managed = superviseProcess({
    name: `tessera ${spec.label}`,
    command: ctx.launch.command,
    args: [...nodeFlags, ...profileArgs(ctx, spec.id), script, 'serve'],
    cwd: repoRoot,
    env: { ...baseEnv(), NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), TESSERA_DATA_DIR: dataDir, ...labThrottleLimits, ...spec.env },
    logFile: join(ctx.workDir, `tessera-${spec.id}.log`),
    direct: true,
  });
  ctx.cleanups.push(() => managed.stop());
  try {
    await waitForHealthz(managed, `${url}/healthz`, readyTimeoutMs);
    const client = new TesseraClient(url);
    const credentials = newCredentials(spec.id);
    await client.signup(credentials);
    const session = await client.login(credentials);
    const tokens = await client.passwordGrant(credentials);
    return {
      id: spec.id,
      label: spec.label,
      url,
      port,
      process: managed,
      cpuPids: [managed.pid],
      stop: () => managed.stop(),
      spec,
      dataDir,
      client,
      credentials,
      session,
      tokens,
    };
  } catch (error) {
    await managed.stop();
    throw error;
  }
}

/** Runs `tessera <args>` (e.g. `clients add …`) against a server's data and stores; its stdout. */
export async function runTesseraCommand(ctx: LabContext, server: RunningTessera, args: string[], timeoutMs = 30_000): Promise<string> {
  if (!ctx.launch.ok) throw new Error(ctx.launch.reason);
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      ctx.launch.ok ? ctx.launch.command : process.execPath,
      [...(ctx.launch.ok ? ctx.launch.prefixArgs : []), ...args],
      {
        cwd: repoRoot,
        env: { ...baseEnv(), NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(server.port), TESSERA_DATA_DIR: server.dataDir, ...server.spec.env },
        timeout: timeoutMs,
        maxBuffer: 1 << 20,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`tessera ${args.slice(0, 2).join(' ')} failed: ${(stderr || error.message).trim().split('\n').slice(-2).join(' ')}`));
        else resolve(stdout);
      },
    );
  });
}

export interface ServiceSpec {
  id: string;
  label: string;
  /** Lab module under bench/src, without extension (e.g. 'services/verifier-service'). */
  module: string;
  env: Record<string, string>;
}

/** Starts one of the lab's own services and waits for its /healthz. */
export async function startService(ctx: LabContext, spec: ServiceSpec, nodeFlags: string[] = childExecArgv()): Promise<LabProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const managed = superviseProcess({
    name: spec.label,
    command: process.execPath,
    args: [...nodeFlags, ...(spec.id === 'tessera-memory' ? [] : profileArgs(ctx, spec.id)), benchModulePath(spec.module)],
    cwd: repoRoot,
    env: { ...baseEnv(), NODE_ENV: 'production', PORT: String(port), ...spec.env },
    logFile: join(ctx.workDir, `${spec.id}.log`),
    direct: true,
  });
  ctx.cleanups.push(() => managed.stop());
  try {
    await waitForHealthz(managed, `${url}/healthz`, readyTimeoutMs);
  } catch (error) {
    await managed.stop();
    throw error;
  }
  return { id: spec.id, label: spec.label, url, port, process: managed, cpuPids: [managed.pid], stop: () => managed.stop() };
}
