import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TesseraDatabase } from './database-schema.js';
import { GuardedDialect } from './guarded-dialect.js';
import { postgresDialect } from './sql-dialect.js';

export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  connectionString: string;
  /** Schema holding Tessera's tables (created by the migration if missing). Default `public`. */
  schema?: string;
  /** Connections per instance. Default 10. */
  poolSize?: number;
}

export const defaultPostgresSchema = 'public';
export const defaultPostgresPoolSize = 10;
/** A request waiting longer than this for a connection fails with 503 instead of hanging. */
export const postgresConnectTimeoutMs = 5_000;

/** Lower-case unquoted identifiers only: the name goes into `search_path` and a NOTIFY channel. */
const schemaName = /^[a-z_][a-z0-9_]{0,62}$/;

export function resolvePostgresSchema(schema: string | undefined): string {
  const resolved = schema ?? defaultPostgresSchema;
  if (!schemaName.test(resolved)) throw new TypeError('Postgres schema must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63 characters)');
  return resolved;
}

/**
 * `bigint` (int8) columns come back from pg as strings by default; Tessera's are epoch
 * milliseconds and identity ids, far below 2^53, so they are parsed as numbers. Per pool, not
 * global: other pg users in the process keep the default.
 */
const int8Oid: number = pg.types.builtins.INT8;
const parseInt8 = (value: string): number => Number(value);
const numericInt8: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === int8Oid && format !== 'binary' ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Connection settings shared by the pool and the LISTEN connection of the revocation bus. */
export function postgresClientConfig(options: PostgresConnectionOptions): pg.ClientConfig {
  const schema = resolvePostgresSchema(options.schema);
  return {
    connectionString: options.connectionString,
    application_name: 'tessera',
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: postgresConnectTimeoutMs,
    keepAlive: true,
    types: numericInt8,
  };
}

/** A Kysely instance on its own pool; connection failures surface as `StoreUnavailableError`. */
export function openPostgresDatabase(options: PostgresConnectionOptions): Kysely<TesseraDatabase> {
  const pool = new pg.Pool({ ...postgresClientConfig(options), max: options.poolSize ?? defaultPostgresPoolSize });
  // An idle client whose server went away (restart, failover) emits 'error' on the pool; without
  // a listener that would crash the process. The pool drops the client; the next query opens a
  // new connection or fails with 503.
  pool.on('error', () => {});
  // A client checked out when its connection dies emits 'error' too (after the running query has
  // already failed with the cause); pg-pool only listens on idle clients, so listen on each one.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return new Kysely<TesseraDatabase>({ dialect: new GuardedDialect(new PostgresDialect({ pool }), postgresDialect) });
}
