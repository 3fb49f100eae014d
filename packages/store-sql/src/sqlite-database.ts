import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import { GuardedDialect, translateFailure } from './guarded-dialect.js';
import { PreparedStatementCache } from './prepared-statement-cache.js';
import { sqliteDialect } from './sql-dialect.js';

/** How long a writer waits for another process's write lock before SQLITE_BUSY (then 503). */
export const sqliteBusyTimeoutMs = 5_000;

/**
 * Opens (creating if needed) the SQLite file: WAL journal so readers never block the writer,
 * `busy_timeout` so a concurrent writer (e.g. `tessera migrate` beside a running server) waits
 * instead of failing, foreign keys on. A new file and its directory are private to the owner:
 * the database holds the private signing keys. Statements are prepared once per SQL text
 * (`PreparedStatementCache`), not once per query.
 */
export function openSqliteDatabase(filename: string, busyTimeoutMs = sqliteBusyTimeoutMs): Kysely<TesseraDatabase> {
  const inMemory = filename === ':memory:';
  const isNew = inMemory || !existsSync(filename);
  let sqlite: Database.Database;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(filename)), { recursive: true, mode: 0o700 });
    sqlite = new Database(filename);
    if (isNew && !inMemory) chmodSync(filename, 0o600);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    throw translateFailure(sqliteDialect, error);
  }
  return new Kysely<TesseraDatabase>({ dialect: new GuardedDialect(new SqliteDialect({ database: new PreparedStatementCache(sqlite) }), sqliteDialect) });
}
