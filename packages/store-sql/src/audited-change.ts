import type { AuditEventRecord } from '@tessera/core';
import type { Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import { insertAuditEvent } from './insert-audit-event.js';

/**
 * Runs `change`, then writes `audit` if the change happened (it answered true), both in one
 * transaction; without an event, just the change, with no transaction to pay for.
 */
export async function auditedChange(
  db: Kysely<TesseraDatabase>,
  audit: AuditEventRecord | undefined,
  change: (db: Kysely<TesseraDatabase>) => Promise<boolean>,
): Promise<boolean> {
  if (audit === undefined) return change(db);
  return db.transaction().execute(async (trx) => {
    const changed = await change(trx);
    if (changed) await insertAuditEvent(trx, audit);
    return changed;
  });
}
