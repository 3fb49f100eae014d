/**
 * Memory per 100k sessions. In-memory store: heap delta of N sessions made by the core in a
 * process of their own (after full GCs). SQLite and PostgreSQL: growth of the session tables
 * (with indexes) after N real logins. Redis: `used_memory` growth after N real logins. Figures
 * are scaled linearly from N to 100k.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { errorMessage, selected, skip, type LabContext } from '../lab-context.js';
import { runMicroJob } from '../micro/micro-client.js';
import { withPostgres } from '@tessera/testing';
import { redisDbUrl, redisMemory } from '../process/infrastructure.js';
import { repoRoot } from '../process/paths.js';
import type { RunningTessera } from '../process/lab-processes.js';
import type { MemoryResult } from '../report/lab-result.js';
import { labRedisDb, type ServerPool } from '../server-pool.js';

export const memoryModeIds = ['memory-memory', 'memory-sqlite', 'memory-redis', 'memory-postgres'];

async function loginMany(ctx: LabContext, server: RunningTessera, count: number, label: string): Promise<number> {
  let made = 0;
  let next = 0;
  const deadline = Date.now() + (ctx.settings.quick ? 15_000 : 180_000);
  const lane = async () => {
    while (next < count && Date.now() < deadline) {
      next++;
      await server.client.login(server.credentials);
      made++;
      if (made % 50 === 0) ctx.progress.detail(`${label} · ${made}/${count} logins`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return made;
}

function result(store: string, method: string, sessions: number, bytes: number, notes: string[] = []): MemoryResult {
  const bytesPerSession = bytes / sessions;
  return { store, method, sessionsCreated: sessions, bytesPerSession, bytesPer100k: bytesPerSession * 100_000, notes };
}

type SqliteDb = { prepare(sql: string): { all(): unknown[]; get(): unknown }; close(): void };

interface StoreSize {
  /** Bytes of the session tables and their indexes (or of the whole database, see `how`). */
  bytes: number;
  /** Rows in the session tables, when known. */
  rows: number | null;
  how: string;
}

function sqliteSessionSize(file: string): StoreSize {
  const Database = createRequire(join(repoRoot, 'packages/store-sql/package.json'))('better-sqlite3') as new (file: string, options?: Record<string, unknown>) => SqliteDb;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%session%'").all() as { name: string }[]).map((row) => row.name);
    let rows: number | null = null;
    if (tables.length > 0) rows = tables.reduce((sum, table) => sum + (db.prepare(`SELECT count(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number }).n, 0);
    try {
      const pages = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
      const sessionPages = pages.filter((row) => /session/i.test(row.name));
      if (sessionPages.length > 0) return { bytes: sessionPages.reduce((sum, row) => sum + row.bytes, 0), rows, how: `SQLite pages of ${sessionPages.map((row) => row.name).join(', ')} (dbstat)` };
    } catch {
      // dbstat not compiled in: fall back to the whole file
    }
    const whole = db.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return { bytes: whole.bytes, rows, how: 'whole SQLite database (page_count × page_size; includes the audit events of the logins)' };
  } finally {
    db.close();
  }
}

async function postgresSessionSize(url: string): Promise<StoreSize> {
  return withPostgres(url, async (client) => {
    const { rows } = await client.query(
      "SELECT n.nspname AS schema, c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND c.relname LIKE '%session%' AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
    );
    if (rows.length === 0) {
      const db = await client.query('SELECT pg_database_size(current_database())::bigint AS bytes');
      return { bytes: Number(db.rows[0]!.bytes), rows: null, how: 'pg_database_size (no table named like "session")' };
    }
    let count = 0;
    for (const row of rows) {
      const counted = await client.query(`SELECT count(*)::bigint AS n FROM "${String(row.schema)}"."${String(row.name)}"`);
      count += Number(counted.rows[0]!.n);
    }
    return { bytes: rows.reduce((sum: number, row: { bytes: unknown }) => sum + Number(row.bytes), 0), rows: count, how: `pg_total_relation_size of ${rows.map((row) => String(row.name)).join(', ')} (with indexes and TOAST)` };
  });
}

/**
 * Bytes per session from sizes before and after `made` logins. Tables grow by whole pages, so a
 * small run (a growth under 64 KiB) uses total size ÷ rows instead, and says so.
 */
export function bytesPerSessionFrom(before: StoreSize, after: StoreSize, made: number): { bytesPerSession: number; how: string } {
  const growth = after.bytes - before.bytes;
  if (growth >= 65_536 || after.rows === null || after.rows === 0) return { bytesPerSession: growth / made, how: `${after.how}: growth after ${made} logins` };
  return { bytesPerSession: after.bytes / after.rows, how: `${after.how}: total size ÷ ${after.rows} rows (the growth after ${made} logins, ${growth} B, is below page granularity)` };
}

export async function runMemoryModes(ctx: LabContext, pool: ServerPool, postgresUrl: string | null): Promise<void> {
  const n = ctx.settings.memorySessionsHttp;
  if (selected(ctx, 'memory-memory')) {
    try {
      ctx.progress.detail(`memory-memory · ${ctx.settings.memorySessionsInProcess} sessions in-process`);
      const reply = await runMicroJob({ kind: 'memory-sessions', sessions: ctx.settings.memorySessionsInProcess }, 120_000);
      const memory = reply.memory!;
      ctx.result.memory.push(
        result('in-memory (MemorySessionStore)', `V8 heap growth after ${memory.sessions} sessions made by the core's SessionService, after full GCs`, memory.sessions, memory.heapAfterBytes - memory.heapBeforeBytes),
      );
    } catch (error) {
      skip(ctx, 'memory-memory', errorMessage(error));
    }
  }
  if (selected(ctx, 'memory-sqlite')) {
    try {
      const server = await pool.get('sqlite');
      const file = join(server.dataDir, 'tessera.db');
      if (!existsSync(file)) throw new Error('no tessera.db in the data dir: the default server does not run on SQLite yet');
      const before = sqliteSessionSize(file);
      const made = await loginMany(ctx, server, n, 'memory-sqlite');
      const { bytesPerSession, how } = bytesPerSessionFrom(before, sqliteSessionSize(file), made);
      ctx.result.memory.push(result('SQLite', how, made, bytesPerSession * made));
    } catch (error) {
      skip(ctx, 'memory-sqlite', errorMessage(error));
    }
  }
  if (selected(ctx, 'memory-redis')) {
    try {
      if (!ctx.redisUrl) throw new Error(ctx.redisProblem);
      const server = await pool.get('redis');
      const url = redisDbUrl(ctx.redisUrl, labRedisDb);
      const before = await redisMemory(url);
      const made = await loginMany(ctx, server, n, 'memory-redis');
      const after = await redisMemory(url);
      ctx.result.memory.push(
        result('Redis', `INFO memory used_memory growth after ${made} logins (${after.keys - before.keys} new keys in db ${labRedisDb})`, made, after.usedMemoryBytes - before.usedMemoryBytes, [
          'used_memory is server-wide: anything else writing to this Redis meanwhile adds noise.',
        ]),
      );
    } catch (error) {
      skip(ctx, 'memory-redis', errorMessage(error));
    }
  }
  if (selected(ctx, 'memory-postgres')) {
    try {
      if (!postgresUrl) throw new Error(ctx.postgresProblem);
      const server = await pool.get('postgres');
      const before = await postgresSessionSize(postgresUrl);
      const made = await loginMany(ctx, server, n, 'memory-postgres');
      const { bytesPerSession, how } = bytesPerSessionFrom(before, await postgresSessionSize(postgresUrl), made);
      ctx.result.memory.push(result('PostgreSQL', how, made, bytesPerSession * made));
    } catch (error) {
      skip(ctx, 'memory-postgres', errorMessage(error));
    }
  }
}
