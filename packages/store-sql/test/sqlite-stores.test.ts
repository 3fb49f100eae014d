import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storesContract } from '@tessera/store-contract';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStores, migrateSqlite } from '../src/index.js';
import { openSqliteDatabase } from '../src/sqlite-database.js';
import { checkPurgeExpired } from './support/purge-scenario.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let fileCount = 0;
const newFile = () => join(dataDir, `nested-${++fileCount}`, 'tessera.sqlite');

storesContract('sqlite', { create: () => createSqliteStores({ filename: newFile() }) });
storesContract('sqlite :memory:', { create: () => createSqliteStores({ filename: ':memory:' }) });

describe('SQLite stores', () => {
  it('creates the file private to its owner, in WAL mode, and keeps data across a reopen', async () => {
    const filename = newFile();
    const stores = await createSqliteStores({ filename });
    const user = { id: 'u1', email: 'a@example.test', passwordHash: '$argon2id$x', createdAt: 1, updatedAt: 1, passwordChangedAt: 1, disabledAt: null };
    await stores.users.create(user);
    await stores.close();
    expect(statSync(filename).mode & 0o777).toBe(0o600);

    const raw = new Database(filename, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const reopened = await createSqliteStores({ filename });
    expect(await reopened.users.findById('u1')).toEqual(user);
    await reopened.close();
  });

  it('migrate applies the migrations once', async () => {
    const filename = newFile();
    expect((await migrateSqlite({ filename })).applied).toEqual(['0001_initial', '0002_client_introspection', '0003_user_disabled', '0004_oauth_authorization', '0005_refresh_family_session', '0020_mfa_factors']);
    expect((await migrateSqlite({ filename })).applied).toEqual([]);
    const stores = await createSqliteStores({ filename });
    await expect(stores.ping()).resolves.toBeUndefined();
    await stores.close();
  });

  it('purgeExpired deletes expired sessions, families, denylist entries and revocation events only', async () => {
    const stores = await createSqliteStores({ filename: ':memory:' });
    await checkPurgeExpired(stores);
    await stores.close();
  });

  it('answers StoreUnavailableError when another process holds the write lock past the busy timeout', async () => {
    const filename = newFile();
    await migrateSqlite({ filename });
    const other = new Database(filename);
    other.exec('BEGIN EXCLUSIVE');
    const db = openSqliteDatabase(filename, 50);
    try {
      await expect(db.insertInto('denylist').values({ kind: 'jti', value: 'x', expires_at: 1 }).execute()).rejects.toMatchObject({
        code: 'store_unavailable',
        cause: { code: expect.stringMatching(/^SQLITE_BUSY/) },
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
      await db.destroy();
    }
  });

  it('answers StoreUnavailableError when the file cannot be opened', async () => {
    await expect(createSqliteStores({ filename: dataDir })).rejects.toMatchObject({ code: 'store_unavailable', cause: { code: 'SQLITE_CANTOPEN' } });
  });
});
