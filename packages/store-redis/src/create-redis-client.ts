import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

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
 * Creates the ioredis client for `REDIS_URL`: `redis://host:port` (or `rediss://`, with optional
 * credentials and `/db`) gives a single-node client; a comma list
 * `redis://h:p1,redis://h:p2,…` gives a Cluster client seeded with those nodes (credentials and
 * TLS are taken from the first URL that has them).
 *
 * The client connects at once and never throws from here: an unreachable Redis shows up as
 * failing commands, and the client keeps reconnecting.
 *
 * @example
 * const client = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): RedisClient {
  const urls = url
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (urls.length === 0) throw new TypeError('REDIS_URL is empty');
  const parsed = urls.map(parseRedisUrl);
  const redisOptions: RedisOptions = { ...failFastRedisOptions, ...options.redisOptions };

  if (urls.length === 1 && options.cluster !== true) {
    return new Redis(urls[0] as string, redisOptions);
  }
  const withCredentials = parsed.find((p) => p.username !== undefined || p.password !== undefined);
  const tls = parsed.some((p) => p.tls);
  return new Cluster(
    parsed.map(({ host, port }) => ({ host, port })),
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

interface ParsedRedisUrl {
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
}

function parseRedisUrl(text: string): ParsedRedisUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The message names the shape, never the text: the URL may carry a password.
    throw new TypeError('REDIS_URL must be redis://host:port or a comma list of them');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TypeError('REDIS_URL must use the redis: or rediss: scheme');
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:',
  };
}
