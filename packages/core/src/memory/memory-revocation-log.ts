import type { RevocationEvent } from '../model/records.js';
import type { RevocationLog } from '../ports/revocation-log.js';
import { copy } from './copy-record.js';

export class MemoryRevocationLog implements RevocationLog {
  readonly #events: RevocationEvent[] = [];
  #nextId = 1;

  async append(event: Omit<RevocationEvent, 'id'>): Promise<RevocationEvent> {
    const stored = { ...copy(event), id: String(this.#nextId++) };
    this.#events.push(stored);
    return copy(stored);
  }
  async listAfter(afterId: string | undefined, limit: number): Promise<RevocationEvent[]> {
    const after = afterId === undefined ? 0 : Number(afterId);
    const from = Number.isSafeInteger(after) ? after : 0;
    return this.#events.filter((e) => Number(e.id) > from).slice(0, limit).map(copy);
  }
  async purgeExpired(now: number): Promise<number> {
    const before = this.#events.length;
    const kept = this.#events.filter((e) => e.expiresAt >= now);
    this.#events.splice(0, this.#events.length, ...kept);
    return before - kept.length;
  }
}
