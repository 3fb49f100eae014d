import { isPostgresConnectionFailure, isSqliteConnectionFailure } from './connection-failure.js';

/**
 * The little that differs between the two SQL backends once Kysely has compiled the queries.
 * The store classes take one of these with their Kysely instance; everything else is shared.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Reads a JSON column: SQLite hands back the text, pg has already parsed `jsonb`. */
  readJson(value: unknown): unknown;
  /** SQLite has no boolean type (STRICT tables keep 0/1 in INTEGER); PostgreSQL has `boolean`. */
  writeBoolean(value: boolean): number | boolean;
  /** True when `error` means the database is unreachable or cannot serve (the store answers 503). */
  isConnectionFailure(error: unknown): boolean;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  readJson: (value) => JSON.parse(value as string) as unknown,
  writeBoolean: (value) => (value ? 1 : 0),
  isConnectionFailure: isSqliteConnectionFailure,
};

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  readJson: (value) => value,
  writeBoolean: (value) => value,
  isConnectionFailure: isPostgresConnectionFailure,
};
