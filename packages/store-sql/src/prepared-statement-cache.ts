import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Distinct SQL texts kept prepared. Tessera's stores compile to a few dozen texts; the bound only
 * matters for queries whose text varies with their input (`IN (?, ?, …)` lists), which must not
 * grow the cache without limit.
 */
export const preparedStatementCacheEntries = 256;

/**
 * The better-sqlite3 database as Kysely's SQLite dialect sees it, with every statement prepared
 * once per SQL text instead of once per query. Kysely's driver calls `prepare` on every execution,
 * and preparing (parsing and planning the SQL) cost more than running the query: about a fifth of
 * the server's CPU on `/api/me` (issue 13's profile). Reusing a statement is what better-sqlite3
 * recommends; it is safe here because Kysely's SQLite driver has one connection behind a mutex,
 * so no two executions (or a `stream` still iterating) share a statement at once. SQLite
 * re-prepares a cached statement itself when the schema changes under it (`sqlite3_prepare_v2`).
 *
 * The cache is LRU-bounded at {@link preparedStatementCacheEntries}.
 */
export class PreparedStatementCache implements SqliteDatabase {
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly database: Database.Database,
    private readonly maxEntries = preparedStatementCacheEntries,
  ) {}

  /** Statements held now. */
  get size(): number {
    return this.#statements.size;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      // Most recently used last: a Map keeps insertion order, so the first key is the eviction victim.
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.database.prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.maxEntries) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.database.close();
  }
}
