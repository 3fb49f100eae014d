/**
 * The shared services some modes need: Redis and PostgreSQL on 127.0.0.1. The lab checks them
 * once, creates a database of its own in PostgreSQL and a Redis db index of its own, and drops
 * what it made at the end.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { errorMessage } from '../lab-context.js';
import { repoRoot } from './paths.js';

export interface PgClient {
  query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

/** `pg` as packages/store-sql (whose dependency it is) resolves it. */
export function pgModule(): { Client: new (options: Record<string, unknown>) => PgClient & { connect(): Promise<void> } } {
  return createRequire(join(repoRoot, 'packages/store-sql/package.json'))('pg') as ReturnType<typeof pgModule>;
}

export async function withPg<T>(url: string, run: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new (pgModule().Client)({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? null : 'Redis did not answer PONG';
  } catch (error) {
    return `Redis at ${new URL(url).host} unreachable (${errorMessage(error)})`;
  } finally {
    redis.disconnect();
  }
}

/** `redis://host:port` plus a db index. */
export function redisDbUrl(base: string, db: number): string {
  const url = new URL(base);
  url.pathname = `/${db}`;
  return url.toString();
}

/** Creates a fresh database for this run; answers its URL. */
export async function createLabDatabase(adminUrl: string, name: string): Promise<string> {
  await withPg(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropLabDatabase(adminUrl: string, name: string): Promise<void> {
  await withPg(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
}

export async function checkPostgres(adminUrl: string): Promise<string | null> {
  try {
    await withPg(adminUrl, (client) => client.query('SELECT 1'));
    return null;
  } catch (error) {
    return `PostgreSQL at ${new URL(adminUrl).host} unreachable (${errorMessage(error)})`;
  }
}

/** `used_memory` and the key count of one db, for the memory-per-session figure. */
export async function redisMemory(url: string): Promise<{ usedMemoryBytes: number; keys: number }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    const info = await redis.info('memory');
    const match = /used_memory:(\d+)/.exec(info);
    return { usedMemoryBytes: match ? Number(match[1]) : Number.NaN, keys: await redis.dbsize() };
  } finally {
    redis.disconnect();
  }
}

export async function flushRedisDb(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
