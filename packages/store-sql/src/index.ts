export { createSqliteStores, type SqliteStoresOptions } from './create-sqlite-stores.js';
export { createPostgresStores, type PostgresStoresOptions } from './create-postgres-stores.js';
export type { SqlStores, PurgeReport } from './sql-stores.js';
export { migrateSqlite } from './migrate-sqlite.js';
export { migratePostgres } from './migrate-postgres.js';
export type { MigrationReport } from './migrations/run-migrations.js';
export type { PostgresConnectionOptions } from './postgres-database.js';
export { PostgresRevocationBus } from './postgres-revocation-bus.js';
