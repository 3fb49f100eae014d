import { sql, type Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import { postgresMigrations } from './migrations/postgres-migrations.js';
import { runMigrations, type MigrationReport } from './migrations/run-migrations.js';
import { openPostgresDatabase, resolvePostgresSchema, type PostgresConnectionOptions } from './postgres-database.js';

/**
 * Brings the schema up to date, safely while other instances do the same at start: everything
 * (schema creation included) runs on one connection holding a session-level advisory lock keyed
 * by the schema, so one instance migrates and the others wait, then find nothing to do.
 */
export function migratePostgresDatabase(db: Kysely<TesseraDatabase>, schema: string): Promise<MigrationReport> {
  const lockKey = `tessera.migrate:${schema}`;
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(hashtextextended(${lockKey}, 0))`.execute(connection);
    try {
      await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(connection);
      return await runMigrations(connection, postgresMigrations, schema);
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${lockKey}, 0))`.execute(connection);
    }
  });
}

/**
 * `tessera migrate` for PostgreSQL (DATABASE_URL).
 *
 * @example
 * const { applied } = await migratePostgres({ connectionString: process.env.DATABASE_URL! });
 */
export async function migratePostgres(options: Omit<PostgresConnectionOptions, 'poolSize'>): Promise<MigrationReport> {
  const schema = resolvePostgresSchema(options.schema);
  const db = openPostgresDatabase({ ...options, schema, poolSize: 1 });
  try {
    return await migratePostgresDatabase(db, schema);
  } finally {
    await db.destroy();
  }
}
