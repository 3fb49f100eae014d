import type { AuditEventRecord, PasskeyRecord, PasskeyStore, WebAuthnChallengeRecord } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import { auditedChange } from './audited-change.js';
import type { PasskeysTable, TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

export class SqlPasskeyStore implements PasskeyStore {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  #toRecord(row: Selectable<PasskeysTable>): PasskeyRecord {
    return {
      id: row.id,
      userId: row.user_id,
      name: row.name,
      publicKey: row.public_key,
      counter: row.counter,
      transports: this.dialect.readJson(row.transports) as string[],
      deviceType: row.device_type === 'multiDevice' ? 'multiDevice' : 'singleDevice',
      backedUp: Boolean(row.backed_up),
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
    };
  }

  add(passkey: PasskeyRecord, audit?: AuditEventRecord): Promise<boolean> {
    return auditedChange(this.db, audit, async (db) => {
      const inserted = await db
        .insertInto('passkeys')
        .values({
          id: passkey.id,
          user_id: passkey.userId,
          name: passkey.name,
          public_key: passkey.publicKey,
          counter: passkey.counter,
          transports: JSON.stringify(passkey.transports),
          device_type: passkey.deviceType,
          backed_up: this.dialect.writeBoolean(passkey.backedUp),
          created_at: passkey.createdAt,
          last_used_at: passkey.lastUsedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    });
  }

  async findById(id: string): Promise<PasskeyRecord | null> {
    const row = await this.db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.#toRecord(row) : null;
  }

  async listByUser(userId: string): Promise<PasskeyRecord[]> {
    const rows = await this.db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map((row) => this.#toRecord(row));
  }

  async rename(userId: string, id: string, name: string): Promise<boolean> {
    const result = await this.db.updateTable('passkeys').set({ name }).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async recordUse(id: string, counter: number, backedUp: boolean, usedAt: number): Promise<boolean> {
    const result = await this.db
      .updateTable('passkeys')
      .set({ counter, backed_up: this.dialect.writeBoolean(backedUp), last_used_at: usedAt })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  remove(userId: string, id: string, audit?: AuditEventRecord): Promise<boolean> {
    return auditedChange(this.db, audit, async (db) => {
      const result = await db.deleteFrom('passkeys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async removeAllForUser(userId: string): Promise<number> {
    const result = await this.db.deleteFrom('passkeys').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async saveChallenge(challenge: WebAuthnChallengeRecord): Promise<void> {
    await this.db
      .insertInto('webauthn_challenges')
      .values({ id_hash: challenge.idHash, challenge: challenge.challenge, purpose: challenge.purpose, user_id: challenge.userId, expires_at: challenge.expiresAt })
      .execute();
  }

  /** `DELETE … RETURNING`: of concurrent consumers exactly one gets the row. Expired rows are swept on the way. */
  async consumeChallenge(idHash: string, now: number): Promise<WebAuthnChallengeRecord | null> {
    const row = await this.db.deleteFrom('webauthn_challenges').where('id_hash', '=', idHash).returningAll().executeTakeFirst();
    await this.db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
    if (!row || row.expires_at <= now) return null;
    return {
      idHash: row.id_hash,
      challenge: row.challenge,
      purpose: row.purpose === 'registration' ? 'registration' : 'authentication',
      userId: row.user_id,
      expiresAt: row.expires_at,
    };
  }
}
