import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A single Redis or a Cluster client (what `createRedisClient` gives). */
export type AnyRedisClient = Redis | Cluster;

function masters(client: AnyRedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** SCAN's MATCH pattern for every key under `prefix` (glob characters in it taken literally). */
function prefixPattern(prefix: string): string {
  return `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
}

/** Every key under `prefix`, from every master, sorted. */
export async function listKeysUnder(client: AnyRedisClient, prefix: string): Promise<string[]> {
  const all: string[] = [];
  for (const node of masters(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 500);
      cursor = next;
      all.push(...keys);
    } while (cursor !== '0');
  }
  return [...new Set(all)].sort();
}

/** Deletes every key under `prefix` on every master (one key per command: keys of one node may span slots). */
export async function deleteKeysUnder(client: AnyRedisClient, prefix: string): Promise<void> {
  for (const node of masters(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', prefixPattern(prefix), 'COUNT', 500);
      cursor = next;
      await Promise.all(keys.map((key) => node.unlink(key)));
    } while (cursor !== '0');
  }
}

/** Deletes every key under `prefix` on the Redis at `redisUrl` (or a comma list of Cluster nodes), on a connection of its own. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const urls = redisUrl
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => (/^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`));
  const options: RedisOptions = { enableOfflineQueue: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false };
  const client: AnyRedisClient =
    urls.length > 1
      ? new Cluster(
          urls.map((u) => ({ host: new URL(u).hostname, port: Number(new URL(u).port || 6379) })),
          { redisOptions: options },
        )
      : new Redis(urls[0] ?? 'redis://127.0.0.1:6379', options);
  client.on('error', () => undefined);
  try {
    // A Cluster knows its masters only once it has read the slot map.
    if (client instanceof Cluster) await Promise.race([once(client, 'ready').catch(() => undefined), sleep(5_000)]);
    await deleteKeysUnder(client, prefix);
  } finally {
    client.disconnect();
  }
}
