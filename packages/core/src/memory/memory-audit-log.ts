import type { AuditEventRecord } from '../model/records.js';
import type { AuditLog } from '../ports/audit-log.js';
import { copy } from './copy-record.js';

export class MemoryAuditLog implements AuditLog {
  readonly #events: AuditEventRecord[] = [];
  /** Keeps memory bounded in long-running demo servers. */
  constructor(private readonly maxEvents = 10_000) {}

  async append(event: AuditEventRecord): Promise<void> {
    this.prepareAppend(event)();
  }

  /**
   * Checks and copies `event` now (throwing, like the SQL stores, when its detail is not
   * JSON-serialisable) and returns the synchronous append, which cannot fail: a memory store
   * calls it in the same synchronous step as its own change, so both happen or neither does.
   */
  prepareAppend(event: AuditEventRecord): () => void {
    const stored = { ...copy(event), detail: JSON.parse(JSON.stringify(event.detail)) as Record<string, unknown> };
    return () => {
      this.#events.push(stored);
      if (this.#events.length > this.maxEvents) this.#events.shift();
    };
  }

  async listByUser(userId: string, limit: number): Promise<AuditEventRecord[]> {
    return this.#events
      .filter((e) => e.userId === userId)
      .reverse()
      .slice(0, limit)
      .map(copy);
  }
}
