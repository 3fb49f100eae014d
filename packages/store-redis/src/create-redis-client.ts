import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisEndpoint } from './redis-url.js';

/** A single Redis or a Redis Cluster: every store here works with either. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /**
   * Force Cluster mode for a single URL (a cluster reached through one configuration endpoint).
   * Default: Cluster exactly when the URL is a comma list.
   */
  cluster?: boolean;
  /** Merged over the fail-fast defaults; for a cluster, applied to every node connection. */
  redisOptions?: RedisOptions;
  /** Merged over the fail-fast cluster defaults. */
  clusterOptions?: ClusterOptions;
}

/**
 * Fail fast, recover on its own. A command never waits in an offline queue (it fails at once
 * when the connection is down, so a caller answers 503 instead of hanging, and a write that
 * was reported as failed is never replayed later); reconnection keeps going in the background
 * every ≤ 500 ms, so the same client works again soon after Redis is back.
 */
export const failFastRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  commandTimeout: 1_000,
  retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 4), 500) + Math.floor(Math.random() * 50),
};

/** Cluster counterpart: slot lookups and redirects are bounded too. */
export const failFastClusterOptions: ClusterOptions = {
  enableOfflineQueue: false,
  slotsRefreshTimeout: 1_000,
  retryDelayOnFailover: 100,
  retryDelayOnClusterDown: 100,
  retryDelayOnTryAgain: 100,
  maxRedirections: 8,
  clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 500) + Math.floor(Math.random() * 50),
};

/**
 * Creates the ioredis client for `REDIS_URL` (read by `parseRedisUrl`): one URL gives a
 * single-node client; a comma list `redis://h:p1,h:p2,…` gives a Cluster client seeded with those
 * nodes (credentials and TLS are taken from the first URL that has them).
 *
 * The client connects at once and never throws from here: an unreachable Redis shows up as
 * failing commands, and the client keeps reconnecting.
 *
 * @example
 * const client = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const endpoints = parseRedisUrl(url);
  const redisOptions: RedisOptions = { ...failFastRedisOptions, ...options.redisOptions };

  if (endpoints.length === 1 && options.cluster !== true) {
    return new Redis((endpoints[0] as RedisEndpoint).url, redisOptions);
  }
  const withCredentials = endpoints.find((p) => p.username !== undefined || p.password !== undefined);
  const tls = endpoints.some((p) => p.tls);
  return new Cluster(
    endpoints.map(({ host, port }) => ({ host, port })),
    {
      ...failFastClusterOptions,
      ...options.clusterOptions,
      redisOptions: {
        ...redisOptions,
        ...(withCredentials?.username === undefined ? {} : { username: withCredentials.username }),
        ...(withCredentials?.password === undefined ? {} : { password: withCredentials.password }),
        ...(tls ? { tls: {} } : {}),
        ...options.clusterOptions?.redisOptions,
      },
    },
  );
}
