import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortWithBusPort } from '../ports/free-port.js';
import { runCommand } from '../process/run-command.js';
import type { SupervisedProcess } from '../process/supervised-process.js';
import { waitUntil } from '../timing/wait-until.js';
import { redisCliBinary } from './redis-binaries.js';
import { spawnRedisServer } from './redis-server-process.js';

export interface RedisClusterHandle {
  /** The master ports, in creation order. */
  ports: number[];
  /** `REDIS_URL` form: `redis://127.0.0.1:p1,redis://127.0.0.1:p2,…` */
  url: string;
  /** Kills one master (SIGKILL, like a crash); its slots become unreachable. */
  stopNode(index: number): Promise<void>;
  /**
   * Restarts a stopped master on the same port with its node identity (empty data). Once every
   * node runs again, waits for `cluster_state:ok`; otherwise only until the node answers PING.
   */
  startNode(index: number): Promise<void>;
  /** Kills every node and removes their directories. Idempotent. */
  stop(): Promise<void>;
}

export interface RedisClusterOptions {
  /** Number of masters (no replicas). Default 3, the minimum Redis accepts. */
  masters?: number;
  /** Bound on start-up, cluster formation included. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Starts a local Redis Cluster of `masters` masters with Debian's `/usr/bin/redis-server` on
 * spare ports (own temp dirs, no persistence), joins them with
 * `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`, and waits until every node
 * reports `cluster_state:ok`. Processes die with the test process even if `stop` is never called.
 *
 * @example
 * const cluster = await startRedisCluster();
 * const stores = createRedisStores({ url: cluster.url });
 * …
 * await stores.close();
 * await cluster.stop();
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = options.masters ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const root = await mkdtemp(join(tmpdir(), 'tessera-redis-cluster-'));
  const children: (SupervisedProcess | null)[] = [];
  const ports: number[] = [];
  const nodeArgs = (i: number) => {
    const dir = join(root, `node-${i}`);
    return ['--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000'];
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map((child) => child?.kill() ?? Promise.resolve()));
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      await mkdir(join(root, `node-${i}`));
      const [port, child] = await startNodeOnSparePort(nodeArgs(i), ports);
      children.push(child);
      ports.push(port);
    }
    await runCommand(redisCliBinary, ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeoutMs });
    await waitForClusterOk(ports, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const nodeAt = (index: number) => {
    const port = ports[index];
    if (port === undefined) throw new RangeError(`no node ${index}`);
    return port;
  };
  return {
    ports,
    url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    stopNode: async (index) => {
      nodeAt(index);
      const child = children[index];
      children[index] = null;
      await child?.kill();
    },
    startNode: async (index) => {
      const port = nodeAt(index);
      if (children[index]) return;
      children[index] = await spawnRedisServer(port, nodeArgs(index));
      if (children.every((child) => child !== null)) await waitForClusterOk(ports, timeoutMs);
    },
    stop,
  };
}

/** A node on a port whose bus port is free too; a parallel test file may take it first, so others are tried. */
async function startNodeOnSparePort(args: string[], taken: number[]): Promise<[number, SupervisedProcess]> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePortWithBusPort();
    if (taken.includes(port)) continue;
    try {
      return [port, await spawnRedisServer(port, args)];
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

async function waitForClusterOk(ports: number[], timeoutMs: number): Promise<void> {
  const clusterInfo = (port: number) => runCommand(redisCliBinary, ['-p', String(port), 'cluster', 'info'], { timeoutMs: 2_000 }).catch(() => '');
  await waitUntil(
    async () => {
      const infos = await Promise.all(ports.map(clusterInfo));
      return infos.every((info) => info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384'));
    },
    { timeoutMs, failure: () => `Redis cluster on ports ${ports.join(',')} did not reach cluster_state:ok` },
  );
}
