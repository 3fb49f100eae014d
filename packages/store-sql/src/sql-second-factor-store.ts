import type { AuditEventRecord, SecondFactorStore, TotpFactorRecord } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import { auditedChange } from './audited-change.js';
import type { TesseraDatabase, TotpFactorsTable } from './database-schema.js';
import { insertAuditEvent } from './insert-audit-event.js';

function toRecord(row: Selectable<TotpFactorsTable>): TotpFactorRecord {
  return {
    userId: row.user_id,
    secretCiphertext: row.secret_ciphertext,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    lastUsedStep: row.last_used_step,
  };
}

/**
 * The single-use operations are one conditional statement each (`UPDATE … WHERE last_used_step <
 * step`, `DELETE … WHERE code_hash = …`): the database serialises concurrent ones on the row (a
 * PostgreSQL writer waiting on the row lock re-checks the WHERE), so exactly one of them matches.
 */
export class SqlSecondFactorStore implements SecondFactorStore {
  constructor(private readonly db: Kysely<TesseraDatabase>) {}

  async putPendingTotp(record: TotpFactorRecord): Promise<boolean> {
    const row = await this.db
      .insertInto('totp_factors')
      .values({ user_id: record.userId, secret_ciphertext: record.secretCiphertext, created_at: record.createdAt, confirmed_at: null, last_used_step: null })
      .onConflict((oc) =>
        oc
          .column('user_id')
          .doUpdateSet({ secret_ciphertext: record.secretCiphertext, created_at: record.createdAt, last_used_step: null })
          .where('totp_factors.confirmed_at', 'is', null),
      )
      .returning('user_id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async findTotp(userId: string): Promise<TotpFactorRecord | null> {
    const row = await this.db.selectFrom('totp_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async confirmTotp(userId: string, confirmedAt: number, step: number, hashes: readonly string[], audit?: AuditEventRecord): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('totp_factors')
        .set({ confirmed_at: confirmedAt, last_used_step: step })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      await this.#replaceCodes(trx, userId, hashes);
      if (audit) await insertAuditEvent(trx, audit);
      return true;
    });
  }

  async useTotpStep(userId: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('totp_factors')
      .set({ last_used_step: step })
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  removeTotp(userId: string, audit?: AuditEventRecord): Promise<boolean> {
    return auditedChange(this.db, audit, async (db) => {
      await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      const result = await db.deleteFrom('totp_factors').where('user_id', '=', userId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async replaceRecoveryCodes(userId: string, hashes: readonly string[], audit?: AuditEventRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.#replaceCodes(trx, userId, hashes);
      if (audit) await insertAuditEvent(trx, audit);
    });
  }

  useRecoveryCode(userId: string, hash: string, audit?: AuditEventRecord): Promise<boolean> {
    return auditedChange(this.db, audit, async (db) => {
      const result = await db.deleteFrom('recovery_codes').where('user_id', '=', userId).where('code_hash', '=', hash).executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }

  async countRecoveryCodes(userId: string): Promise<number> {
    const row = await this.db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async #replaceCodes(db: Kysely<TesseraDatabase>, userId: string, hashes: readonly string[]): Promise<void> {
    await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    if (hashes.length > 0) await db.insertInto('recovery_codes').values(hashes.map((hash) => ({ user_id: userId, code_hash: hash }))).execute();
  }
}
