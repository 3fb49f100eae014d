import type { AuthorizationCodeRecord, AuthorizationCodeStore, ConsumeCodeResult } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import type { AuthorizationCodesTable, TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

export class SqlAuthorizationCodeStore implements AuthorizationCodeStore {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  #toRecord(row: Selectable<AuthorizationCodesTable>): AuthorizationCodeRecord {
    return {
      codeHash: row.code_hash,
      clientId: row.client_id,
      userId: row.user_id,
      redirectUri: row.redirect_uri,
      scope: row.scope,
      audience: row.audience,
      codeChallenge: row.code_challenge,
      nonce: row.nonce,
      sessionId: row.session_id,
      authTime: row.auth_time,
      amr: this.dialect.readJson(row.amr) as string[],
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      consumedAt: row.consumed_at,
      familyId: row.family_id,
    };
  }

  async create(code: AuthorizationCodeRecord): Promise<void> {
    await this.db
      .insertInto('authorization_codes')
      .values({
        code_hash: code.codeHash,
        client_id: code.clientId,
        user_id: code.userId,
        redirect_uri: code.redirectUri,
        scope: code.scope,
        audience: code.audience,
        code_challenge: code.codeChallenge,
        nonce: code.nonce,
        session_id: code.sessionId,
        auth_time: code.authTime,
        amr: JSON.stringify(code.amr),
        created_at: code.createdAt,
        expires_at: code.expiresAt,
        consumed_at: code.consumedAt,
        family_id: code.familyId,
      })
      .execute();
  }

  /**
   * One conditional UPDATE spends the code iff it is unspent and unexpired. A concurrent caller's
   * UPDATE waits for the winner's row lock (PostgreSQL, READ COMMITTED re-checks the WHERE on the
   * committed row) or the database write lock (SQLite), then matches nothing: exactly one caller
   * gets `consumed` however many instances race (OAuth 2.1 §4.1.3, RFC 6749 §4.1.2).
   */
  async consume(codeHash: string, now: number): Promise<ConsumeCodeResult> {
    const spent = await this.db
      .updateTable('authorization_codes')
      .set({ consumed_at: now })
      .where('code_hash', '=', codeHash)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    if (spent) return { outcome: 'consumed', code: this.#toRecord(spent) };
    // Nothing was spent: say why, from the committed state. `consumed_at` is never cleared, so an
    // unspent row here is one the UPDATE refused for its expiry.
    const row = await this.db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    if (!row) return { outcome: 'not_found' };
    const code = this.#toRecord(row);
    return code.consumedAt !== null ? { outcome: 'already_consumed', code } : { outcome: 'expired', code };
  }

  async attachFamily(codeHash: string, familyId: string): Promise<void> {
    await this.db.updateTable('authorization_codes').set({ family_id: familyId }).where('code_hash', '=', codeHash).execute();
  }

  /** Drops codes past their expiry, spent or not: a replay after that is refused as unknown. */
  async purgeExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('authorization_codes').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
