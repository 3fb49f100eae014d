import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRevocationBus, StoreUnavailableError, type AuditEventRecord } from '@tessera/core';
import { adminQuery, dropSchema, serviceAvailable, testPostgresUrl, uniqueSchema } from '@tessera/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStores, createSqliteStores, type SqlStores } from '../src/index.js';
import { migrateSqliteDatabase } from '../src/migrate-sqlite.js';
import { sqliteDialect } from '../src/sql-dialect.js';
import { createSqlStores } from '../src/sql-stores.js';
import { openSqliteDatabase } from '../src/sqlite-database.js';

/**
 * Audit issue 9, finding 16, per SQL backend: the database itself refuses the audit row (a
 * trigger), or cannot be reached mid-transaction; the user change rolls back with it, and the
 * failure still surfaces as the guarded dialect maps it.
 */
const hasPostgres = await serviceAvailable('postgres');
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-audited-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let n = 0;
const sampleUser = () => {
  const id = `audited-user-${++n}-${Date.now()}`;
  return { id, email: `${id}@example.test`, passwordHash: '$argon2id$old', createdAt: 1_000, updatedAt: 1_000, passwordChangedAt: 1_000, disabledAt: null };
};
const event = (userId: string, type: string): AuditEventRecord => ({ at: 2_000, type, userId, ip: '198.51.100.7', detail: {} });

async function expectRolledBack(stores: SqlStores, install: () => Promise<void>, uninstall: () => Promise<void>, refusal: (error: unknown) => void) {
  const user = sampleUser();
  const existing = sampleUser();
  await stores.users.create(existing);
  await install();
  try {
    refusal(await stores.users.create(user, event(user.id, 'user.signup')).catch((error: unknown) => error));
    refusal(await stores.users.updatePassword(existing.id, '$argon2id$new', 3_000, event(existing.id, 'user.password_changed')).catch((error: unknown) => error));
  } finally {
    await uninstall();
  }
  expect(await stores.users.findByEmail(user.email)).toBeNull();
  expect(await stores.users.findById(existing.id)).toEqual(existing);
  expect(await stores.audit.listByUser(user.id, 10)).toEqual([]);
  expect(await stores.audit.listByUser(existing.id, 10)).toEqual([]);

  await stores.users.create(user, event(user.id, 'user.signup'));
  expect(await stores.users.findByEmail(user.email)).toEqual(user);
  expect((await stores.audit.listByUser(user.id, 10)).map((e) => e.type)).toEqual(['user.signup']);
}

describe('audit finding 16 (SQLite): the user change and its audit row commit together', () => {
  it('a trigger refusing the audit row rolls back the sign-up and the password change', async () => {
    const filename = join(dataDir, 'trigger.sqlite');
    const stores = await createSqliteStores({ filename });
    const raw = new Database(filename);
    try {
      await expectRolledBack(
        stores,
        async () => {
          raw.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
        },
        async () => {
          raw.exec('DROP TRIGGER refuse_audit');
        },
        (error) => expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT_TRIGGER' }),
      );
    } finally {
      raw.close();
      await stores.close();
    }
  });

  it('a database locked by another writer answers StoreUnavailableError from inside the transaction, and nothing is written', async () => {
    const filename = join(dataDir, 'locked.sqlite');
    const db = openSqliteDatabase(filename, 50);
    await migrateSqliteDatabase(db);
    const stores = createSqlStores(db, sqliteDialect, new MemoryRevocationBus());
    const raw = new Database(filename);
    try {
      await expectRolledBack(
        stores,
        async () => {
          raw.exec('BEGIN IMMEDIATE');
        },
        async () => {
          raw.exec('ROLLBACK');
        },
        (error) => expect(error).toBeInstanceOf(StoreUnavailableError),
      );
    } finally {
      raw.close();
      await stores.close();
    }
  });
});

describe.runIf(hasPostgres)('audit finding 16 (PostgreSQL): the user change and its audit row commit together', () => {
  const schema = uniqueSchema();
  afterAll(() => dropSchema(schema));

  it('a trigger refusing the audit row as a full disk rolls back both changes; the answer is StoreUnavailableError', async () => {
    const stores = await createPostgresStores({ connectionString: testPostgresUrl, schema, poolSize: 2 });
    try {
      await expectRolledBack(
        stores,
        async () => {
          await adminQuery(`CREATE FUNCTION "${schema}".refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit refused' USING ERRCODE = 'disk_full'; END $$`);
          await adminQuery(`CREATE TRIGGER refuse_audit BEFORE INSERT ON "${schema}".audit_events FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse_audit()`);
        },
        async () => {
          await adminQuery(`DROP TRIGGER refuse_audit ON "${schema}".audit_events`);
          await adminQuery(`DROP FUNCTION "${schema}".refuse_audit()`);
        },
        (error) => expect(error).toBeInstanceOf(StoreUnavailableError),
      );
    } finally {
      await stores.close();
    }
  });
});
