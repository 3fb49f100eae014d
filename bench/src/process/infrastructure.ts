/**
 * The shared services some modes need: Redis and PostgreSQL on 127.0.0.1. The lab checks them
 * once, creates a database of its own in PostgreSQL and a Redis db index of its own, and drops
 * what it made at the end.
 */
import { createDatabase, dropDatabase, withPostgres } from '@tessera/testing';
import { Redis } from 'ioredis';
import { errorMessage } from '../lab-context.js';

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
  await dropDatabase(adminUrl, name);
  return createDatabase(adminUrl, name);
}

export async function dropLabDatabase(adminUrl: string, name: string): Promise<void> {
  await dropDatabase(adminUrl, name).catch(() => undefined);
}

export async function checkPostgres(adminUrl: string): Promise<string | null> {
  try {
    await withPostgres(adminUrl, (client) => client.query('SELECT 1'));
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
