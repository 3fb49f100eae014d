import { resolve } from 'node:path';
import { parseRedisUrl } from '@tessera/store-redis';
import type { ServerConfig } from '../config/config-options.js';
import { sqliteFilename } from '../compose/compose-stores.js';

/**
 * Where the configured stores live, for an operator reading `wrote to …`: the SQLite file's
 * absolute path, or PostgreSQL's host and database (never DATABASE_URL itself: it may carry a
 * password), plus the Redis hosts when REDIS_URL holds sessions and the denylist.
 */
export function describeStoreTarget(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'redisUrl'>): string {
  const database = config.databaseUrl === undefined ? `SQLite ${resolve(sqliteFilename(config))}` : `PostgreSQL ${hostAndPath(config.databaseUrl)}`;
  if (config.redisUrl === undefined) return database;
  const redisHosts = parseRedisUrl(config.redisUrl).map(({ host, port, path }) => `${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
  return `${database} and Redis ${redisHosts.join(',')}`;
}

function hostAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}
