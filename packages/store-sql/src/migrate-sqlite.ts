import type { Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import { runMigrations, type MigrationReport } from './migrations/run-migrations.js';
import { sqliteMigrations } from './migrations/sqlite-migrations.js';
import { openSqliteDatabase } from './sqlite-database.js';

/** Brings an open SQLite database up to date. */
export function migrateSqliteDatabase(db: Kysely<TesseraDatabase>): Promise<MigrationReport> {
  return runMigrations(db, sqliteMigrations);
}

/**
 * `tessera migrate` for the embedded database: creates the file (and its directory) if needed
 * and applies pending migrations.
 *
 * @example
 * const { applied } = await migrateSqlite({ filename: '.tessera/tessera.sqlite' });
 */
export async function migrateSqlite(options: { filename: string }): Promise<MigrationReport> {
  const db = openSqliteDatabase(options.filename);
  try {
    return await migrateSqliteDatabase(db);
  } finally {
    await db.destroy();
  }
}
