import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storesContract } from '@tessera/store-contract';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStores, migrateSqlite } from '../src/index.js';
import { openSqliteDatabase } from '../src/sqlite-database.js';

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
    const user = { id: 'u1', email: 'a@example.test', passwordHash: '$argon2id$x', createdAt: 1, updatedAt: 1, passwordChangedAt: 1 };
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
    expect((await migrateSqlite({ filename })).applied).toEqual(['0001_initial']);
    expect((await migrateSqlite({ filename })).applied).toEqual([]);
    const stores = await createSqliteStores({ filename });
    await expect(stores.ping()).resolves.toBeUndefined();
    await stores.close();
  });

  it('purgeExpired deletes expired sessions, families, denylist entries and revocation events only', async () => {
    const stores = await createSqliteStores({ filename: ':memory:' });
    const now = 1_000_000;
    const session = (id: string, idle: number, absolute: number) => ({
      id, tokenHash: `h-${id}`, userId: 'u', createdAt: 0, lastSeenAt: 0, idleExpiresAt: idle, absoluteExpiresAt: absolute, userAgent: null, ip: null, data: {},
    });
    await stores.sessions.create(session('idle-over', now - 1, now + 10));
    await stores.sessions.create(session('absolute-over', now + 10, now - 1));
    await stores.sessions.create(session('live', now + 10, now + 20));
    const family = (id: string, expiresAt: number) => ({ id, userId: 'u', clientId: 'c', scope: '', audience: 'a', createdAt: 0, expiresAt, revokedAt: null });
    const token = (hash: string, familyId: string) => ({ tokenHash: hash, familyId, generation: 0, createdAt: 0, expiresAt: now, usedAt: null });
    await stores.refreshTokens.createFamily(family('old', now - 1), token('t-old', 'old'));
    await stores.refreshTokens.createFamily(family('new', now + 1), token('t-new', 'new'));
    await stores.denylist.add({ kind: 'jti', value: 'gone', expiresAt: now });
    await stores.denylist.add({ kind: 'jti', value: 'kept', expiresAt: now + 1 });
    await stores.revocationLog.append({ at: 0, subject: { kind: 'user', userId: 'u' }, expiresAt: now - 1 });
    const kept = await stores.revocationLog.append({ at: 0, subject: { kind: 'user', userId: 'u' }, expiresAt: now });

    expect(await stores.purgeExpired(now)).toEqual({ sessions: 2, refreshFamilies: 1, denylist: 1, revocationEvents: 1 });
    expect((await stores.sessions.listByUser('u')).map((s) => s.id)).toEqual(['live']);
    expect(await stores.refreshTokens.findToken('t-old')).toBeNull();
    expect(await stores.refreshTokens.findToken('t-new')).not.toBeNull();
    expect(await stores.denylist.listActive(0)).toEqual([{ kind: 'jti', value: 'kept', expiresAt: now + 1 }]);
    expect(await stores.revocationLog.listAfter(undefined, 10)).toEqual([kept]);
    await stores.close();
  });

  it('answers StoreUnavailableError when another process holds the write lock past the busy timeout', async () => {
    const filename = newFile();
    await migrateSqlite({ filename });
    const other = new Database(filename);
    other.exec('BEGIN EXCLUSIVE');
    const db = openSqliteDatabase(filename, 50);
    try {
      await expect(db.insertInto('denylist').values({ kind: 'jti', value: 'x', expiresAt: 1 } as never).execute()).rejects.toMatchObject({
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
    await expect(createSqliteStores({ filename: '/proc/tessera-cannot-be-here/tessera.sqlite' })).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});
