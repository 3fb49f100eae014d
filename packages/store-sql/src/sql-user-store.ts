import { EmailTakenError, type UserRecord, type UserStore } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import type { TesseraDatabase, UsersTable } from './database-schema.js';

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    passwordChangedAt: row.password_changed_at,
  };
}

export class SqlUserStore implements UserStore {
  constructor(private readonly db: Kysely<TesseraDatabase>) {}

  async create(user: UserRecord): Promise<void> {
    // ON CONFLICT (email) DO NOTHING: the unique index decides, atomically, even between
    // concurrent sign-ups on several instances; no row means the email was taken.
    const inserted = await this.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email,
        password_hash: user.passwordHash,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
        password_changed_at: user.passwordChangedAt,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new EmailTakenError();
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async updatePassword(id: string, passwordHash: string, changedAt: number): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: changedAt, updated_at: changedAt })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
