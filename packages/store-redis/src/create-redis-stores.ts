import { type Clock } from '@tessera/core';
import { createRedisClient, type RedisClient, type RedisClientOptions } from './create-redis-client.js';
import { KeySpace } from './key-space.js';
import { RedisDenylistStore } from './redis-denylist-store.js';
import { defaultRedisTimeoutMs, RedisGuard } from './redis-guard.js';
import { RedisRevocationBus } from './redis-revocation-bus.js';
import { RedisRevocationFeed, type RedisRevocationFeedOptions } from './redis-revocation-feed.js';
import { RedisSessionStore } from './redis-session-store.js';

export interface RedisStoresOptions {
  /** `REDIS_URL`: `redis://host:port`, or a comma list of cluster nodes. */
  url: string;
  /** Prepended to every key and channel; no braces. Default `tessera:`. */
  prefix?: string;
  /** Bound on each store call (reconnect wait included) before `StoreUnavailableError`. Default 500 ms. */
  timeoutMs?: number;
  /** Passed to `createRedisClient`. */
  clientOptions?: RedisClientOptions;
  /** Where the session store reads the time (the one `createTessera` uses). Default `systemClock`. */
  clock?: Clock;
}

export interface RedisStores {
  sessions: RedisSessionStore;
  denylist: RedisDenylistStore;
  revocationBus: RedisRevocationBus;
  /** The key prefix in use (every key and the channel start with it). */
  prefix: string;
  /** The shared client (for the rate limiter, health checks). Closed by `close()`. */
  client: RedisClient;
  /**
   * A gap-detecting feed of the bus's channel, on a subscriber connection of its own. Not started;
   * its owner closes it (before `close()`).
   */
  createRevocationFeed(options?: RedisRevocationFeedOptions): RedisRevocationFeed;
  /** Closes the subscriber and the client. Idempotent. */
  close(): Promise<void>;
}

/**
 * The Redis-backed stores on one shared client (plus one subscriber connection, opened on the
 * first revocation subscription).
 *
 * @example
 * const redis = createRedisStores({ url: process.env.REDIS_URL!, prefix: 'tessera:' });
 * const session = await redis.sessions.findByTokenHash(hash);
 * await redis.close();
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  const keys = new KeySpace(options.prefix ?? 'tessera:');
  const client = createRedisClient(options.url, options.clientOptions);
  const guard = new RedisGuard(client, options.timeoutMs ?? defaultRedisTimeoutMs);
  const revocationBus = new RedisRevocationBus(guard, keys);
  let closing: Promise<void> | null = null;
  return {
    sessions: new RedisSessionStore(guard, keys, options.clock),
    denylist: new RedisDenylistStore(guard, keys),
    revocationBus,
    prefix: keys.prefix,
    client,
    createRevocationFeed: (feedOptions) => new RedisRevocationFeed(client, keys.revocationChannel(), feedOptions),
    close: () => {
      closing ??= (async () => {
        guard.close();
        await revocationBus.close();
        await closeClient(client);
      })();
      return closing;
    },
  };
}

/** QUIT when connected (lets in-flight replies arrive), otherwise just drop the connection. */
export async function closeClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // Fall through: the connection went away meanwhile.
    }
  }
  client.disconnect();
}
