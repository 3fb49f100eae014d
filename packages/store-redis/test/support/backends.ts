import { randomBytes } from 'node:crypto';
import {
  deleteKeysUnder,
  isServiceRequired,
  listKeysUnder,
  redisServerBinary,
  redisServerInstalled,
  serviceAvailable,
  startRedisCluster,
  testRedisUrl,
  type RedisClusterHandle,
} from '@tessera/testing';
import { afterAll, beforeAll } from 'vitest';
import { createRedisStores, type RedisClient, type RedisStores } from '../../src/index.js';

export type BackendKind = 'single' | 'cluster';

/** The shared Redis at 6379 (a given here): skipped loudly on a dev machine without it, fatal in CI. */
export const hasRedis = await serviceAvailable('redis');

/** The cluster runs on Debian's redis-server binaries: gated on them the same way. */
export const hasRedisServer = await (async () => {
  if (await redisServerInstalled()) return true;
  if (isServiceRequired('redis')) throw new Error(`redis is required (CI=true or TESSERA_REQUIRE_SERVICES) but ${redisServerBinary} is missing`);
  console.warn(`\n!!! SKIPPED: ${redisServerBinary} is missing, so the Redis Cluster suites are skipped. Install redis-server to run them. !!!\n`);
  return false;
})();

export const backends: { kind: BackendKind; enabled: boolean }[] = [
  { kind: 'single', enabled: hasRedis },
  { kind: 'cluster', enabled: hasRedisServer },
];

/** A key prefix no other test file uses (files run in parallel against the same Redis). */
export function uniquePrefix(): string {
  return `tessera-test:${randomBytes(6).toString('hex')}:`;
}

/**
 * Registers hooks that provide a Redis of `kind` for the enclosing describe: the shared single
 * node, or a fresh local cluster for this file. Returns getters valid inside tests.
 */
export function useRedisBackend(kind: BackendKind): { url(): string; cluster(): RedisClusterHandle } {
  let cluster: RedisClusterHandle | undefined;
  if (kind === 'cluster') {
    beforeAll(async () => {
      cluster = await startRedisCluster();
    });
    afterAll(async () => {
      await cluster?.stop();
    });
  }
  return {
    url: () => {
      if (kind === 'single') return testRedisUrl;
      if (!cluster) throw new Error('cluster not started');
      return cluster.url;
    },
    cluster: () => {
      if (!cluster) throw new Error('cluster not started');
      return cluster;
    },
  };
}

/** Stores on a fresh prefix; `dispose` deletes every key under it, then closes. */
export function openStores(url: string, options: { timeoutMs?: number } = {}): RedisStores & { dispose(): Promise<void> } {
  const prefix = uniquePrefix();
  const stores = createRedisStores({ url, prefix, ...options });
  return {
    ...stores,
    dispose: async () => {
      await deleteKeys(stores.client, prefix);
      await stores.close();
    },
  };
}

/** Deletes every key under `prefix` on every master (nothing when the client is not connected). */
export async function deleteKeys(client: RedisClient, prefix: string): Promise<void> {
  if (client.status !== 'ready') return;
  await deleteKeysUnder(client, prefix);
}

/** Every key under `prefix`, from every master. */
export function listKeys(client: RedisClient, prefix: string): Promise<string[]> {
  return listKeysUnder(client, prefix);
}
