import { migratePostgresDatabase } from './migrate-postgres.js';
import { openPostgresDatabase, postgresClientConfig, resolvePostgresSchema, type PostgresConnectionOptions } from './postgres-database.js';
import { PostgresRevocationBus, revocationChannel } from './postgres-revocation-bus.js';
import { createSqlStores, type SqlStores } from './sql-stores.js';
import { postgresDialect } from './sql-dialect.js';

export interface PostgresStoresOptions extends PostgresConnectionOptions {
  /** Apply pending migrations (under an advisory lock, so N instances may start at once). Default true. */
  migrate?: boolean;
}

/**
 * Every store in PostgreSQL, shared by any number of instances; revocations travel between them
 * by LISTEN/NOTIFY. Throws `StoreUnavailableError` when the server cannot be reached.
 *
 * @example
 * const stores = await createPostgresStores({ connectionString: process.env.DATABASE_URL! });
 */
export async function createPostgresStores(options: PostgresStoresOptions): Promise<SqlStores> {
  const schema = resolvePostgresSchema(options.schema);
  const connection = { ...options, schema };
  const db = openPostgresDatabase(connection);
  try {
    if (options.migrate !== false) await migratePostgresDatabase(db, schema);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const bus = new PostgresRevocationBus(db, postgresClientConfig(connection), revocationChannel(schema));
  return createSqlStores(db, postgresDialect, bus, () => bus.close());
}
