import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stores } from '@tessera/core';
import type { RedisClient } from '@tessera/store-redis';
import { createPostgresStores, createSqliteStores } from '@tessera/store-sql';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-options.js';
import type { DenylistMirror } from '../scale-out/denylist-mirror.js';
import type { ScaleOutMetrics } from '../scale-out/scale-out-metrics.js';
import { mirrorSqlDenylist } from './compose-local-denylist.js';
import { overlayRedis } from './compose-redis-overlay.js';

/** The embedded database file under `TESSERA_DATA_DIR`. */
export function sqliteFilename(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'tessera.db');
}

/** What the Redis overlay adds to composed stores, for the rate limiters and `/metrics`. */
export interface RedisOverlay {
  /** The stores' shared ioredis client (single node or Cluster). Closed with the stores. */
  client: RedisClient;
  /** Key prefix (`TESSERA_REDIS_PREFIX`). */
  prefix: string;
  /** null with `TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0`. */
  mirror: DenylistMirror | null;
  /** The denylist mirror's and revocation feed's metrics, for the server's registry. */
  metrics: ScaleOutMetrics;
}

export interface ComposedStores {
  stores: Stores;
  /** Present exactly when `REDIS_URL` is set. */
  redis?: RedisOverlay;
}

export interface ComposeStoresOptions {
  /**
   * For a serving instance: without Redis, the denylist is answered from an in-memory mirror fed
   * by the revocation log (`mirrorSqlDenylist`). A one-shot CLI command reads SQL directly.
   */
  serving?: boolean;
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
 *   Without Redis, a serving instance mirrors the SQL denylist, fed by the revocation log.
 */
export async function composeStores(config: ServerConfig, logger?: Logger, options: ComposeStoresOptions = {}): Promise<ComposedStores> {
  const sql = await composeSqlStores(config, logger);
  if (config.redisUrl === undefined) return { stores: options.serving === true ? await mirrorSqlDenylist(sql, config, logger) : sql };
  try {
    return await overlayRedis(sql, config.redisUrl, config, logger);
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
