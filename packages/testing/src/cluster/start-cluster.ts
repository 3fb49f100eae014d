import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports/free-port.js';
import { createDatabase, defaultDatabaseUrl, dropDatabase } from '../postgres/postgres-admin.js';
import { runCommand } from '../process/run-command.js';
import { deleteRedisKeys } from '../redis/redis-keys.js';
import { repositoryRoot } from '../repository-root.js';
import { tesseraNodeArguments, type TesseraEntry } from '../tessera/tessera-entry.js';
import { TesseraServerProcess } from '../tessera/tessera-server-process.js';
import { Balancer } from './balancer.js';
import type { Cluster, ClusterInstance, ClusterOptions } from './cluster-types.js';
import { findHaproxy } from './haproxy-binary.js';

export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/** The response header each instance adds (TESSERA_INSTANCE_NAME). */
export const instanceHeader = 'x-tessera-instance';

/**
 * N Tessera instances sharing PostgreSQL and Redis behind HAProxy on one port: the machinery of
 * `npm run cluster`, the cluster and fault tests and the lab's scaling modes. Resolves once the
 * balancer routes to every instance.
 *
 * Every run gets a database of its own on the PostgreSQL server (`tessera_cluster_<run>`, dropped
 * by `stop()`) and a Redis key prefix of its own (`tessera:cluster-<run>:`, deleted by `stop()`),
 * so runs and parallel test files never see each other's data.
 *
 * @example
 * const cluster = await startCluster({ instances: 3 });
 * await fetch(`${cluster.url}/readyz`);              // through the balancer
 * await cluster.instances[1].kill();                  // SIGKILL one instance
 * await cluster.instances[1].restart();
 * await cluster.stop();                                // instances, HAProxy, the run's database and keys
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 32) throw new RangeError('instances must be a whole number from 1 to 32');
  const haproxy = options.haproxy ?? findHaproxy();
  if (!haproxy) throw new Error('HAProxy is not installed (apt-get install haproxy, or set TESSERA_HAPROXY)');
  const entry = options.entry ?? 'dist';
  const nodeArguments = tesseraNodeArguments(entry); // throws now when dist is missing, before anything is made
  const runId = randomBytes(4).toString('hex');
  const run: ClusterRun = {
    options,
    count,
    haproxy,
    runId,
    runDir: await mkdtemp(join(tmpdir(), `tessera-cluster-${runId}-`)),
    entry,
    nodeArguments,
    redisUrl: options.redisUrl ?? process.env.REDIS_URL ?? defaultRedisUrl,
    redisPrefix: `tessera:cluster-${runId}:`,
    cleanups: [],
  };
  try {
    return await assemble(run);
  } catch (error) {
    await cleanUp(run);
    throw error;
  }
}

/** What one run has made so far, and how to undo it (in reverse). */
interface ClusterRun {
  options: ClusterOptions;
  count: number;
  haproxy: string;
  runId: string;
  runDir: string;
  entry: TesseraEntry;
  nodeArguments: string[];
  redisUrl: string;
  redisPrefix: string;
  cleanups: (() => Promise<void>)[];
}

async function cleanUp(run: ClusterRun): Promise<void> {
  for (const step of run.cleanups.reverse()) await step().catch(() => undefined);
  run.cleanups.length = 0;
}

async function assemble(run: ClusterRun): Promise<Cluster> {
  const { options, runDir } = run;
  const unlessKept = (step: () => Promise<void>) => run.cleanups.push(async () => (options.keep ? undefined : step()));
  const adminDatabaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? defaultDatabaseUrl;
  const databaseName = `tessera_cluster_${run.runId}`;
  const databaseUrl = await createDatabase(adminDatabaseUrl, databaseName);
  unlessKept(() => dropDatabase(adminDatabaseUrl, databaseName));
  unlessKept(() => deleteRedisKeys(run.redisUrl, run.redisPrefix));
  unlessKept(() => rm(runDir, { recursive: true, force: true }));

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const sharedEnv: Record<string, string> = {
    HOST: '127.0.0.1',
    TESSERA_ISSUER: options.issuer ?? url,
    DATABASE_URL: databaseUrl,
    REDIS_URL: run.redisUrl,
    TESSERA_REDIS_PREFIX: run.redisPrefix,
    // HAProxy on loopback adds X-Forwarded-For: the login throttle sees the real client address.
    TESSERA_TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const baseEnv = { ...process.env, ...sharedEnv };
  const cli = (args: string[]) =>
    runCommand(process.execPath, [...run.nodeArguments, ...args], { cwd: repositoryRoot, env: { ...baseEnv, TESSERA_DATA_DIR: join(runDir, 'cli') }, describe: `tessera ${args.join(' ')}` });

  // Migrate once up front: the instances would manage concurrently (advisory lock), but a
  // clear error here beats three interleaved ones.
  await cli(['migrate']);
  const instances = await startInstances(run, baseEnv);
  const balancer = await startBalancer(run, port, instances);

  let stopping: Promise<void> | null = null;
  return {
    url,
    port,
    runId: run.runId,
    runDir,
    databaseUrl,
    redisUrl: run.redisUrl,
    redisPrefix: run.redisPrefix,
    env: sharedEnv,
    instances,
    instance: (name) => {
      const found = instances.find((instance) => instance.name === name);
      if (!found) throw new Error(`no instance ${name}`);
      return found;
    },
    cli,
    balancerStates: () => balancer.states(),
    waitForBalancer: (predicate, timeoutMs = 15_000) => balancer.waitUntil(predicate, timeoutMs),
    stop: () => {
      stopping ??= cleanUp(run);
      return stopping;
    },
  };
}

async function startInstances(run: ClusterRun, baseEnv: NodeJS.ProcessEnv): Promise<ClusterInstanceProcess[]> {
  const instances = Array.from({ length: run.count }, (_, i) => {
    const name = `t${i + 1}`;
    const env = { ...baseEnv, TESSERA_INSTANCE_NAME: name, TESSERA_DATA_DIR: join(run.runDir, `data-${name}`), ...run.options.instanceEnv?.(name, i) };
    return new ClusterInstanceProcess(name, run.runDir, run.entry, env, run.options.onOutput);
  });
  run.cleanups.push(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
  });
  await Promise.all(instances.map((instance) => instance.startOnFreePort(run.options.readyTimeoutMs ?? 90_000)));
  return instances;
}

/** HAProxy on `port`, once it routes to every instance. */
async function startBalancer(run: ClusterRun, port: number, instances: ClusterInstanceProcess[]): Promise<Balancer> {
  const onOutput = run.options.onOutput;
  const servers = () => instances.map((i) => ({ name: i.name, port: i.port }));
  const balancer = new Balancer(run.haproxy, run.runDir, port, servers, onOutput && ((line) => onOutput('haproxy', line)));
  run.cleanups.push(() => balancer.stop());
  await balancer.start();
  await balancer.waitUntil((states) => instances.every((instance) => states[instance.name]?.ready === 'UP'), 30_000);
  return balancer;
}

/** One instance: a restartable `tessera serve` in its own process group, logging to `<run>/<name>.log`. */
class ClusterInstanceProcess implements ClusterInstance {
  readonly logFile: string;
  readonly #server: TesseraServerProcess;

  constructor(
    readonly name: string,
    runDir: string,
    entry: TesseraEntry,
    env: NodeJS.ProcessEnv,
    onOutput: ((source: string, line: string) => void) | undefined,
  ) {
    this.logFile = join(runDir, `${name}.log`);
    this.#server = new TesseraServerProcess({
      name: `instance ${name}`,
      entry,
      env,
      logFile: this.logFile,
      // Its own process group: a Ctrl-C in the terminal reaches the cluster script, which stops
      // the instances in order, instead of every process at once.
      detached: true,
      ...(onOutput === undefined ? {} : { onLine: (line: string) => onOutput(name, line) }),
    });
  }

  get url(): string {
    return this.#server.url;
  }

  get port(): number {
    return this.#server.port;
  }

  get pid(): number | null {
    return this.#server.pid;
  }

  get running(): boolean {
    return this.#server.running;
  }

  get output(): string {
    return this.#server.output;
  }

  startOnFreePort(timeoutMs: number): Promise<void> {
    return this.#server.startOnFreePort(timeoutMs);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    return this.#server.kill(signal);
  }

  /** Graceful: SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void> {
    return this.#server.stop(15_000);
  }

  restart(timeoutMs = 90_000): Promise<void> {
    return this.#server.start(timeoutMs);
  }
}
