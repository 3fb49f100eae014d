import type { RevocationEvent, RevocationLog } from '@tessera/core';
import { sql, type Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

/** Ids are decimal integers; anything else was never issued and reads as "before everything". */
const issuedId = /^[0-9]{1,15}$/;

export class SqlRevocationLog implements RevocationLog {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  async append(event: Omit<RevocationEvent, 'id'>): Promise<RevocationEvent> {
    const subject = JSON.stringify(event.subject);
    const id = this.dialect.name === 'postgres' ? await this.#appendSerialised(event, subject) : await this.#append(event, subject);
    return { id: String(id), at: event.at, subject: structuredClone(event.subject), expiresAt: event.expiresAt };
  }

  /** SQLite has one writer at a time, so ids are assigned in commit order anyway. */
  async #append(event: Omit<RevocationEvent, 'id'>, subject: string): Promise<number> {
    const row = await this.db
      .insertInto('revocation_events')
      .values({ at: event.at, subject, expires_at: event.expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * PostgreSQL hands out identity values at insert time, not commit time: with concurrent
   * appends, id 7 can become visible before id 6, and a reader that resumed after 7 would never
   * see 6. A transaction-scoped advisory lock taken before the id is drawn makes appends (and so
   * ids) follow commit order; one statement, one round trip.
   */
  async #appendSerialised(event: Omit<RevocationEvent, 'id'>, subject: string): Promise<number> {
    const { rows } = await sql<{ id: number }>`
      WITH serialised AS (
        SELECT pg_advisory_xact_lock(hashtextextended('tessera.revocation_events:' || current_schema(), 0))
      )
      INSERT INTO revocation_events (at, subject, expires_at)
      SELECT ${event.at}::bigint, ${subject}::jsonb, ${event.expiresAt}::bigint FROM serialised
      RETURNING id`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('revocation event insert returned no id');
    return row.id;
  }

  async listAfter(afterId: string | undefined, limit: number): Promise<RevocationEvent[]> {
    const after = afterId !== undefined && issuedId.test(afterId) ? Number(afterId) : 0;
    const rows = await this.db
      .selectFrom('revocation_events')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id', 'asc')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows.map((row) => ({
      id: String(row.id),
      at: row.at,
      subject: this.dialect.readJson(row.subject) as RevocationEvent['subject'],
      expiresAt: row.expires_at,
    }));
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('revocation_events').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
