import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `action` on a short-lived connection to `url`. */
export async function withPostgres<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The admin URL with another database name in its path. */
export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** `CREATE DATABASE` on the server of `adminUrl`; answers the new database's URL. */
export async function createDatabase(adminUrl: string, database: string): Promise<string> {
  await withPostgres(adminUrl, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${database}"`);
        return;
      } catch (error) {
        // 55006: the template database is busy (another CREATE DATABASE at the same moment).
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await sleep(100 + Math.random() * 200);
      }
    }
  });
  return databaseUrlFor(adminUrl, database);
}

/** `DROP DATABASE … WITH (FORCE)`: connections still open to it are ended. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withPostgres(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}
