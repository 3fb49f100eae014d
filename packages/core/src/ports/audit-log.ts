import type { AuditEventRecord } from '../model/records.js';

export interface AuditLog {
  append(event: AuditEventRecord): Promise<void>;
  /** Newest first. */
  listByUser(userId: string, limit: number): Promise<AuditEventRecord[]>;
}
