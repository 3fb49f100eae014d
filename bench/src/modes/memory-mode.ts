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
import { redisDbUrl, redisMemory, withPg } from '../process/infrastructure.js';
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

function sqliteSessionBytes(file: string): { bytes: number; how: string } {
  const Database = createRequire(join(repoRoot, 'packages/store-sql/package.json'))('better-sqlite3') as new (file: string, options?: Record<string, unknown>) => SqliteDb;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    try {
      const rows = db.prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name").all() as { name: string; bytes: number }[];
      const sessionRows = rows.filter((row) => /session/i.test(row.name));
      if (sessionRows.length > 0) return { bytes: sessionRows.reduce((sum, row) => sum + row.bytes, 0), how: `dbstat pages of ${sessionRows.map((row) => row.name).join(', ')}` };
    } catch {
      // dbstat not compiled in: fall back to the whole file
    }
    const pages = db.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number };
    return { bytes: pages.bytes, how: 'whole database (page_count × page_size; includes audit events of the logins)' };
  } finally {
    db.close();
  }
}

async function postgresSessionBytes(url: string): Promise<{ bytes: number; how: string }> {
  return withPg(url, async (client) => {
    const { rows } = await client.query(
      "SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'",
    );
    const sessionRows = rows.filter((row) => /session/i.test(String(row.name)));
    if (sessionRows.length > 0) return { bytes: sessionRows.reduce((sum, row) => sum + Number(row.bytes), 0), how: `pg_total_relation_size of ${sessionRows.map((row) => String(row.name)).join(', ')}` };
    const db = await client.query('SELECT pg_database_size(current_database())::bigint AS bytes');
    return { bytes: Number(db.rows[0]!.bytes), how: 'pg_database_size (no table named like "session")' };
  });
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
      const before = sqliteSessionBytes(file);
      const made = await loginMany(ctx, server, n, 'memory-sqlite');
      const after = sqliteSessionBytes(file);
      ctx.result.memory.push(result('SQLite', `${after.how}, growth after ${made} logins`, made, after.bytes - before.bytes));
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
      const before = await postgresSessionBytes(postgresUrl);
      const made = await loginMany(ctx, server, n, 'memory-postgres');
      const after = await postgresSessionBytes(postgresUrl);
      ctx.result.memory.push(result('PostgreSQL', `${after.how}, growth after ${made} logins`, made, after.bytes - before.bytes, ['Tables grow by 8 KiB pages: small N rounds coarsely.']));
    } catch (error) {
      skip(ctx, 'memory-postgres', errorMessage(error));
    }
  }
}
