import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stores } from '@tessera/core';
import { createPostgresStores, createSqliteStores } from '@tessera/store-sql';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/config-options.js';
import { ConfigError } from '../config/load-config.js';

/** The embedded database file under `TESSERA_DATA_DIR`. */
export function sqliteFilename(config: Pick<ServerConfig, 'dataDir'>): string {
  return join(config.dataDir, 'tessera.db');
}

/**
 * Builds the stores the configuration asks for (migrating the schema first; Postgres migrations
 * take an advisory lock, so N instances may start at once). The seam where backends are chosen:
 * - default: embedded SQLite at `${TESSERA_DATA_DIR}/tessera.db`; signing keys and server secrets
 *   live in it, so they survive restarts;
 * - `DATABASE_URL`: PostgreSQL for everything durable;
 * - `REDIS_URL`: Redis overlays sessions, denylist and revocation bus (and the login-throttle
 *   counters, see `composeRateLimiterFactory`). Wired by the scale-out work (issue 3).
 */
export async function composeStores(config: ServerConfig, logger?: Logger): Promise<Stores> {
  if (config.redisUrl !== undefined) {
    throw new ConfigError('REDIS_URL', 'REDIS_URL is not supported by this build yet (scale-out, issue 3)');
  }
  if (config.databaseUrl !== undefined) {
    logger?.info('stores: PostgreSQL (DATABASE_URL)');
    return createPostgresStores({ connectionString: config.databaseUrl });
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const filename = sqliteFilename(config);
  logger?.info({ filename }, 'stores: embedded SQLite');
  return createSqliteStores({ filename });
}
