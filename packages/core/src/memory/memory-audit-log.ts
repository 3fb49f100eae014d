import type { AuditEventRecord } from '../model/records.js';
import type { AuditLog } from '../ports/audit-log.js';
import { copy } from './copy-record.js';

export class MemoryAuditLog implements AuditLog {
  readonly #events: AuditEventRecord[] = [];
  /** Keeps memory bounded in long-running demo servers. */
  constructor(private readonly maxEvents = 10_000) {}

  async append(event: AuditEventRecord): Promise<void> {
    this.#events.push(copy(event));
    if (this.#events.length > this.maxEvents) this.#events.shift();
  }
  async listByUser(userId: string, limit: number): Promise<AuditEventRecord[]> {
    return this.#events
      .filter((e) => e.userId === userId)
      .reverse()
      .slice(0, limit)
      .map(copy);
  }
}
