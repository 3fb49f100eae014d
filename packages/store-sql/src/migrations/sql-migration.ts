import { sql, type Kysely, type Migration } from 'kysely';

/**
 * A migration written as plain DDL, one statement per entry (better-sqlite3 prepares one
 * statement at a time). Kept in code, not read from files at runtime, so a bundled or installed
 * server migrates without its source tree. Released migrations never change; add a new one.
 */
export function ddlMigration(up: readonly string[]): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
    up: async (db: Kysely<any>) => {
      for (const statement of up) await sql.raw(statement).execute(db);
    },
  };
}
