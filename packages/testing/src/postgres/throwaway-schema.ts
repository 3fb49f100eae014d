import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { testPostgresUrl } from '../services/required-services.js';
import { withPostgres } from './postgres-admin.js';

/** A schema name no other test file uses (files run in parallel against one database). */
export function uniqueSchema(prefix = 'tessera_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on a short-lived connection to the test database. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
  return withPostgres(testPostgresUrl, async (client) => (await client.query<R>(text, values)).rows);
}

/** Drops a test's schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
