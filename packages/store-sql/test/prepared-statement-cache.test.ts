import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PreparedStatementCache } from '../src/prepared-statement-cache.js';

/** Counts the statements better-sqlite3 actually prepares. */
function countingDatabase() {
  const raw = new Database(':memory:');
  const prepared: string[] = [];
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  });
  return { raw, prepared };
}

let db: Kysely<{ items: { id: number; name: string } }> | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

describe('PreparedStatementCache', () => {
  it('prepares each SQL text once, and every execution still binds its own parameters', async () => {
    const { raw, prepared } = countingDatabase();
    db = new Kysely({ dialect: new SqliteDialect({ database: new PreparedStatementCache(raw) }) });
    await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`.execute(db);
    for (let id = 1; id <= 5; id++) await db.insertInto('items').values({ id, name: `item-${id}` }).execute();
    const names: string[] = [];
    for (let id = 1; id <= 5; id++) names.push((await db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name);

    expect(names).toEqual(['item-1', 'item-2', 'item-3', 'item-4', 'item-5']);
    // CREATE, one INSERT text, one SELECT text.
    expect(prepared).toHaveLength(3);
  });

  it('streams and runs writes through the cached statements, and sees rows written after a statement was cached', async () => {
    const { raw } = countingDatabase();
    db = new Kysely({ dialect: new SqliteDialect({ database: new PreparedStatementCache(raw) }) });
    await sql`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`.execute(db);
    const count = async () => (await db!.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(await count()).toBe(0);
    const inserted = await db.insertInto('items').values({ id: 7, name: 'seven' }).executeTakeFirstOrThrow();
    expect(inserted.insertId).toBe(7n);
    expect(await count()).toBe(1);
    const streamed = [];
    for await (const row of db.selectFrom('items').selectAll().stream()) streamed.push(row);
    expect(streamed).toEqual([{ id: 7, name: 'seven' }]);
    const updated = await db.updateTable('items').set({ name: 'SEVEN' }).where('id', '=', 7).executeTakeFirstOrThrow();
    expect(updated.numUpdatedRows).toBe(1n);
  });

  it('keeps at most maxEntries statements, evicting the least recently used', () => {
    const { raw, prepared } = countingDatabase();
    const cache = new PreparedStatementCache(raw, 2);
    cache.prepare('SELECT 1');
    cache.prepare('SELECT 2');
    cache.prepare('SELECT 1'); // now most recently used
    cache.prepare('SELECT 3'); // evicts SELECT 2
    expect(cache.size).toBe(2);
    cache.prepare('SELECT 1');
    cache.prepare('SELECT 2');
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2']);
    cache.close();
    expect(raw.open).toBe(false);
  });
});
