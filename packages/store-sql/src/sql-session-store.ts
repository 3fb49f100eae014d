import type { SessionRecord, SessionStore } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import type { SessionsTable, TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

export class SqlSessionStore implements SessionStore {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  #toRecord(row: Selectable<SessionsTable>): SessionRecord {
    return {
      id: row.id,
      tokenHash: row.token_hash,
      userId: row.user_id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      idleExpiresAt: row.idle_expires_at,
      absoluteExpiresAt: row.absolute_expires_at,
      userAgent: row.user_agent,
      ip: row.ip,
      data: this.dialect.readJson(row.data) as Record<string, unknown>,
    };
  }

  async create(session: SessionRecord): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        token_hash: session.tokenHash,
        user_id: session.userId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        idle_expires_at: session.idleExpiresAt,
        absolute_expires_at: session.absoluteExpiresAt,
        user_agent: session.userAgent,
        ip: session.ip,
        data: JSON.stringify(session.data),
      })
      .execute();
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? this.#toRecord(row) : null;
  }

  async findById(id: string): Promise<SessionRecord | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.#toRecord(row) : null;
  }

  async touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, idle_expires_at: idleExpiresAt })
      .where('id', '=', id)
      .execute();
  }

  async setData(id: string, data: Record<string, unknown>): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ data: JSON.stringify(data) })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(id: string): Promise<SessionRecord | null> {
    const row = await this.db.deleteFrom('sessions').where('id', '=', id).returningAll().executeTakeFirst();
    return row ? this.#toRecord(row) : null;
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((row) => this.#toRecord(row));
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
    const rows = await query.returning('id').execute();
    return rows.map((row) => row.id);
  }

  /** Drops sessions past `min(idleExpiresAt, absoluteExpiresAt)`, as the port allows. */
  async purgeExpired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('idle_expires_at', '<', now), eb('absolute_expires_at', '<', now)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
