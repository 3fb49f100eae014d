import { randomBytes } from 'node:crypto';
import { testPostgresUrl } from '@tessera/store-contract';
import pg from 'pg';

/** A schema no other test file uses (files run in parallel against one database). */
export function uniqueSchema(): string {
  return `tessera_test_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on a short-lived admin connection. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
