import type { AuditEventRecord } from '@tessera/core';
import type { Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';

/**
 * The one way an audit row is written: by `SqlAuditLog.append`, and by the stores whose changes
 * are audited, inside their own transaction (`db` is then the `Transaction`), so the change and
 * its event commit together or not at all (audit issue 9, finding 16). `JSON.stringify` throws
 * `TypeError` for a detail that is not JSON (a BigInt, a cycle).
 */
export async function insertAuditEvent(db: Kysely<TesseraDatabase>, event: AuditEventRecord): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({ at: event.at, type: event.type, user_id: event.userId, ip: event.ip, detail: JSON.stringify(event.detail) })
    .execute();
}
