import type { AuditEventRecord, AuditLog } from '@tessera/core';
import type { Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import { insertAuditEvent } from './insert-audit-event.js';
import type { SqlDialect } from './sql-dialect.js';

export class SqlAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  append(event: AuditEventRecord): Promise<void> {
    return insertAuditEvent(this.db, event);
  }

  async listByUser(userId: string, limit: number): Promise<AuditEventRecord[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.floor(limit)))
      .execute();
    return rows.map((row) => ({
      at: row.at,
      type: row.type,
      userId: row.user_id,
      ip: row.ip,
      detail: this.dialect.readJson(row.detail) as Record<string, unknown>,
    }));
  }
}
