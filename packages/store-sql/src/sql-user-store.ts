import { EmailTakenError, type AuditEventRecord, type UserListQuery, type UserRecord, type UserStore } from '@tessera/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { TesseraDatabase, UsersTable } from './database-schema.js';
import { insertAuditEvent } from './insert-audit-event.js';

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
    disabledAt: row.disabled_at,
  };
}

/**
 * Audited changes run in one transaction with their audit row (the `UserStore` rule). Kysely
 * rolls back when the callback throws; the guarded dialect still maps connection failures inside
 * it to `StoreUnavailableError`, and on SQLite its single connection is held for the transaction.
 */
export class SqlUserStore implements UserStore {
  constructor(private readonly db: Kysely<TesseraDatabase>) {}

  async create(user: UserRecord, audit?: AuditEventRecord): Promise<void> {
    await this.#audited(audit, async (db) => {
      // ON CONFLICT (email) DO NOTHING: the unique index decides, atomically, even between
      // concurrent sign-ups on several instances; no row means the email was taken.
      const inserted = await db
        .insertInto('users')
        .values({
          id: user.id,
          email: user.email,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
          updated_at: user.updatedAt,
          password_changed_at: user.passwordChangedAt,
          disabled_at: user.disabledAt,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new EmailTakenError();
      return true;
    });
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  updatePassword(id: string, passwordHash: string, changedAt: number, audit?: AuditEventRecord): Promise<boolean> {
    return this.#audited(audit, async (db) => {
      const result = await db
        .updateTable('users')
        .set({ password_hash: passwordHash, password_changed_at: changedAt, updated_at: changedAt })
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  async list(query: UserListQuery): Promise<UserRecord[]> {
    let select = this.db.selectFrom('users').selectAll();
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    if (query.search !== undefined) {
      // Literal match: LIKE's wildcards and the escape character in the text are escaped.
      const pattern = `%${query.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      select = select.where(sql<boolean>`email LIKE ${pattern} ESCAPE '\\'`);
    }
    const rows = await select.orderBy('id', 'asc').limit(query.limit).execute();
    return rows.map(toRecord);
  }

  setDisabledAt(id: string, disabledAt: number | null, changedAt: number, audit?: AuditEventRecord): Promise<boolean> {
    return this.#audited(audit, async (db) => {
      const result = await db.updateTable('users').set({ disabled_at: disabledAt, updated_at: changedAt }).where('id', '=', id).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    });
  }

  remove(id: string, audit?: AuditEventRecord): Promise<boolean> {
    return this.#audited(audit, async (db) => {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  /**
   * Runs `change`, then writes `audit` if the change happened (it answered true), both in one
   * transaction; without an event, just the change, with no transaction to pay for.
   */
  async #audited(audit: AuditEventRecord | undefined, change: (db: Kysely<TesseraDatabase>) => Promise<boolean>): Promise<boolean> {
    if (audit === undefined) return change(this.db);
    return this.db.transaction().execute(async (trx) => {
      const changed = await change(trx);
      if (changed) await insertAuditEvent(trx, audit);
      return changed;
    });
  }
}
