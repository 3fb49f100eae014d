/**
 * The `v` of session modes: what one session lookup costs the server, measured from the server's
 * side of the wire with the driver each store uses (ioredis, better-sqlite3, pg) and with many
 * lookups in flight, as under load. The SQL drivers are loaded from packages/store-sql, whose
 * dependencies they are.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { measureConcurrentRate, measureRate } from './measure-rate.js';
import type { MicroSeries, StoreLookupJob } from './micro-protocol.js';

const sessionJson = JSON.stringify({
  id: 'x'.repeat(43),
  userId: 'usr_7Hq2c4cJY0mJ3yQ8Kp1xWg',
  createdAt: Date.now(),
  lastSeenAt: Date.now(),
  idleExpiresAt: Date.now() + 1_800_000,
  absoluteExpiresAt: Date.now() + 43_200_000,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) lab',
  ip: '127.0.0.1',
  csrfSecret: 'y'.repeat(43),
});

function ids(count: number): string[] {
  return Array.from({ length: count }, () => randomBytes(32).toString('base64url'));
}

async function series(name: string, rounds: number, measure: () => Promise<number>, note?: string): Promise<MicroSeries> {
  const opsPerSecond: number[] = [];
  for (let round = 0; round < rounds; round++) opsPerSecond.push(await measure());
  return { name, opsPerSecond, ...(note ? { note } : {}) };
}

function skipped(name: string, error: unknown): MicroSeries {
  return { name, opsPerSecond: [], skipped: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
}

async function memoryMap(job: StoreLookupJob): Promise<MicroSeries> {
  const keys = ids(100_000);
  const map = new Map(keys.map((key) => [key, { json: sessionJson }]));
  let i = 0;
  return series('memory: Map.get (100k sessions)', job.rounds, () => measureRate(() => map.get(keys[i++ % keys.length]!), false, job.durationMs));
}

async function redisGet(job: StoreLookupJob): Promise<MicroSeries> {
  const name = 'Redis: GET (ioredis, 64 in flight)';
  if (!job.redisUrl) return skipped(name, 'no Redis URL');
  const redis = new Redis(job.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await redis.connect();
    const keys = ids(1000).map((id) => `tessera-lab:lookup:${id}`);
    await Promise.all(keys.map((key) => redis.set(key, sessionJson, 'EX', 120)));
    let i = 0;
    const result = await series(name, job.rounds, () => measureConcurrentRate(() => redis.get(keys[i++ % keys.length]!), 64, job.durationMs));
    await redis.del(...keys);
    return result;
  } catch (error) {
    return skipped(name, error);
  } finally {
    redis.disconnect();
  }
}

async function sqliteGet(job: StoreLookupJob, requireFromStore: NodeJS.Require): Promise<MicroSeries> {
  const name = 'SQLite: SELECT by primary key (better-sqlite3)';
  const dir = mkdtempSync(join(tmpdir(), 'tessera-lab-sqlite-'));
  try {
    const Database = requireFromStore('better-sqlite3') as new (file: string) => {
      pragma(text: string): unknown;
      exec(sql: string): void;
      prepare(sql: string): { run(...args: unknown[]): unknown; get(...args: unknown[]): unknown };
      close(): void;
    };
    const db = new Database(join(dir, 'lookup.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
    const keys = ids(10_000);
    const insert = db.prepare('INSERT INTO sessions (id, data) VALUES (?, ?)');
    db.exec('BEGIN');
    for (const key of keys) insert.run(key, sessionJson);
    db.exec('COMMIT');
    const select = db.prepare('SELECT data FROM sessions WHERE id = ?');
    let i = 0;
    const result = await series(name, job.rounds, () => measureRate(() => select.get(keys[i++ % keys.length]), false, job.durationMs));
    db.close();
    return result;
  } catch (error) {
    return skipped(name, error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresGet(job: StoreLookupJob, requireFromStore: NodeJS.Require): Promise<MicroSeries> {
  const name = 'PostgreSQL: SELECT by primary key (pg, pool of 10, 64 in flight)';
  if (!job.postgresUrl) return skipped(name, 'no PostgreSQL URL');
  type Pool = { query(sql: string | { name: string; text: string; values: unknown[] }, values?: unknown[]): Promise<unknown>; end(): Promise<void> };
  let pool: Pool | undefined;
  const table = `lab_lookup_${process.pid}`;
  try {
    const pg = requireFromStore('pg') as { Pool: new (options: Record<string, unknown>) => Pool };
    pool = new pg.Pool({ connectionString: job.postgresUrl, max: 10, connectionTimeoutMillis: 3000 });
    await pool.query(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, data TEXT NOT NULL)`);
    const keys = ids(2000);
    await pool.query(`INSERT INTO ${table} (id, data) SELECT unnest($1::text[]), $2`, [keys, sessionJson]);
    let i = 0;
    const live = pool;
    const result = await series(name, job.rounds, () =>
      measureConcurrentRate(() => live.query({ name: 'lab-lookup', text: `SELECT data FROM ${table} WHERE id = $1`, values: [keys[i++ % keys.length]] }), 64, job.durationMs),
    );
    return result;
  } catch (error) {
    return skipped(name, error);
  } finally {
    if (pool) {
      await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await pool.end().catch(() => undefined);
    }
  }
}

export async function runStoreLookupMicro(job: StoreLookupJob): Promise<MicroSeries[]> {
  const requireFromStore = createRequire(join(job.repoRoot, 'packages/store-sql/package.json'));
  return [await memoryMap(job), await sqliteGet(job, requireFromStore), await redisGet(job), await postgresGet(job, requireFromStore)];
}
