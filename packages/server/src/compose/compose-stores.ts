import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stores } from '@tessera/core';
import { createRedisStores, KeySpace, type RedisClient } from '@tessera/store-redis';
import { createPostgresStores, createSqliteStores } from '@tessera/store-sql';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ServerConfig } from '../config/config-options.js';
import { DenylistMirror } from '../scale-out/denylist-mirror.js';
import { LogSeededDenylist } from '../scale-out/log-seeded-denylist.js';
import { EchoConfirmedRevocationBus } from '../scale-out/echo-confirmed-revocation-bus.js';
import { RedisRevocationFeed } from '../scale-out/redis-revocation-feed.js';
import { ScaleOutMetrics } from '../scale-out/scale-out-metrics.js';

/** The embedded database file under `TESSERA_DATA_DIR`. */
export function sqliteFilename(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'tessera.db');
}

/** What the Redis overlay adds to composed stores, for the rate limiters and `/metrics`. */
export interface ScaleOutParts {
  /** The stores' shared ioredis client (single node or Cluster). */
  redis: RedisClient;
  /** Key prefix (`TESSERA_REDIS_PREFIX`). */
  prefix: string;
  /** null with `TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0`. */
  mirror: DenylistMirror | null;
  metrics: ScaleOutMetrics;
}

const scaleOutParts = new WeakMap<Stores, ScaleOutParts>();

/** The Redis overlay of stores made by `composeStores` with `REDIS_URL`; undefined otherwise. */
export function scaleOutOf(stores: Stores): ScaleOutParts | undefined {
  return scaleOutParts.get(stores);
}

/** Adds the overlay's metrics (denylist mirror, revocation feed) to the server's registry; nothing without `REDIS_URL`. */
export function registerStoreMetrics(stores: Stores, registry: Registry): void {
  scaleOutOf(stores)?.metrics.register(registry);
}

/**
 * Builds the stores the configuration asks for (migrating the schema first; Postgres migrations
 * take an advisory lock, so N instances may start at once). The seam where backends are chosen:
 * - default: embedded SQLite at `${TESSERA_DATA_DIR}/tessera.db`; signing keys and server secrets
 *   live in it, so they survive restarts;
 * - `DATABASE_URL`: PostgreSQL for everything durable;
 * - `REDIS_URL` (on top of either): sessions, the access-token denylist and revocation events in
 *   Redis (and the login-throttle counters, see `composeRateLimiterFactory`). Users, refresh
 *   families, clients, keys, audit events and the durable revocation log stay in SQL. The denylist
 *   is read through a per-instance mirror fed by the revocation channel (docs/scale-out.md).
 */
export async function composeStores(config: ServerConfig, logger?: Logger): Promise<Stores> {
  const sql = await composeSqlStores(config, logger);
  if (config.redisUrl === undefined) return sql;
  try {
    return await overlayRedis(sql, config, logger);
  } catch (error) {
    await sql.close();
    throw error;
  }
}

async function composeSqlStores(config: ServerConfig, logger?: Logger): Promise<Stores> {
  if (config.databaseUrl !== undefined) {
    logger?.info('stores: PostgreSQL (DATABASE_URL)');
    return createPostgresStores({ connectionString: config.databaseUrl });
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const filename = sqliteFilename(config);
  logger?.info({ filename }, 'stores: embedded SQLite');
  return createSqliteStores({ filename });
}

async function overlayRedis(sql: Stores, config: ServerConfig, logger?: Logger): Promise<Stores> {
  const url = redisClientUrl(config.redisUrl!);
  const redis = createRedisStores({ url, prefix: config.redisPrefix });
  logger?.info({ prefix: redis.prefix, cluster: url.includes(',') }, 'stores: sessions, denylist, rate limits and revocation events in Redis (REDIS_URL)');
  const metrics = new ScaleOutMetrics();
  const durable = {
    users: sql.users,
    refreshTokens: sql.refreshTokens,
    revocationLog: sql.revocationLog,
    clients: sql.clients,
    keys: sql.keys,
    audit: sql.audit,
    // Codes stay in SQL next to the refresh families a redemption creates: replay detection
    // (RFC 6749 §4.1.2) needs the spent marker, which a Redis without persistence may lose.
    authorizationCodes: sql.authorizationCodes,
    consents: sql.consents,
    sessions: redis.sessions,
  };
  let closing: Promise<void> | null = null;
  const close = (mirror: DenylistMirror | null) => () => {
    closing ??= (async () => {
      await mirror?.close();
      await Promise.allSettled([redis.close(), sql.close()]);
    })();
    return closing;
  };

  // Redis may lose the denylist (restart without persistence, FLUSHDB): the SQL revocation log is
  // the source of truth, and Redis is re-seeded from it before it answers a lookup (audit finding 15).
  const denylist = new LogSeededDenylist(redis.denylist, sql.revocationLog, logger ? { logger } : {});
  let stores: Stores;
  let mirror: DenylistMirror | null = null;
  if (config.denylistMirrorMaxEntries === 0) {
    logger?.info('denylist mirror off (TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0): every denylist lookup reads Redis');
    stores = { ...durable, denylist, revocationBus: redis.revocationBus, close: close(null) };
  } else {
    const feed = new RedisRevocationFeed(redis.client, new KeySpace(redis.prefix).revocationChannel());
    mirror = new DenylistMirror(denylist, feed, {
      failureMode: config.revocationFailureMode,
      maxEntries: config.denylistMirrorMaxEntries,
      metrics,
      ...(logger ? { logger } : {}),
    });
    stores = { ...durable, denylist: mirror, revocationBus: new EchoConfirmedRevocationBus(redis.revocationBus, feed, 1000, metrics), close: close(mirror) };
  }
  // The SQL purge still matters: refresh families and the revocation log live there.
  if (sql.purgeExpired) stores.purgeExpired = (now) => sql.purgeExpired!(now);
  scaleOutParts.set(stores, { redis: redis.client, prefix: redis.prefix, mirror, metrics });
  try {
    // Seed now rather than on the first Bearer request; if it cannot (Redis or SQL down), lookups
    // answer 503 and seed as soon as both are back.
    await denylist.ensureSeeded().catch((error: unknown) => logger?.warn({ err: error }, 'denylist: not seeded from the revocation log yet'));
    await mirror?.start();
  } catch (error) {
    await stores.close();
    throw error;
  }
  return stores;
}

/**
 * `REDIS_URL` as the Redis client takes it: the configuration also accepts bare `host:port`
 * cluster nodes in a comma list; the client wants URLs.
 */
export function redisClientUrl(value: string): string {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => (/^rediss?:\/\//i.test(entry) ? entry : `redis://${entry}`))
    .join(',');
}
