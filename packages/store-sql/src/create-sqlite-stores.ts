import { MemoryRevocationBus } from '@tessera/core';
import { migrateSqliteDatabase } from './migrate-sqlite.js';
import { createSqlStores, type SqlStores } from './sql-stores.js';
import { sqliteDialect } from './sql-dialect.js';
import { openSqliteDatabase } from './sqlite-database.js';

export interface SqliteStoresOptions {
  /** Database file, e.g. `${TESSERA_DATA_DIR}/tessera.sqlite`; its directory is created if missing. `:memory:` for throwaway stores. */
  filename: string;
  /** Apply pending migrations before returning. Default true. */
  migrate?: boolean;
}

/**
 * The embedded default: every store in one SQLite file. One server process owns the file, so the
 * revocation bus is in-process (`MemoryRevocationBus`).
 *
 * @example
 * const stores = await createSqliteStores({ filename: '.tessera/tessera.sqlite' });
 */
export async function createSqliteStores(options: SqliteStoresOptions): Promise<SqlStores> {
  const db = openSqliteDatabase(options.filename);
  try {
    if (options.migrate !== false) await migrateSqliteDatabase(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createSqlStores(db, sqliteDialect, new MemoryRevocationBus());
}
