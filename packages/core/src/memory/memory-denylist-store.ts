import type { DenylistEntry } from '../model/records.js';
import type { DenylistStore } from '../ports/denylist-store.js';

export class MemoryDenylistStore implements DenylistStore {
  readonly #entries = new Map<string, number>();

  async add(entry: DenylistEntry): Promise<void> {
    const key = `${entry.kind}:${entry.value}`;
    this.#entries.set(key, Math.max(entry.expiresAt, this.#entries.get(key) ?? 0));
  }
  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    return this.isDeniedSync(jti, sid, now);
  }
  /** Synchronous form for hot paths that hold the store in-process. */
  isDeniedSync(jti: string, sid: string | undefined, now: number): boolean {
    const byJti = this.#entries.get(`jti:${jti}`);
    if (byJti !== undefined && byJti > now) return true;
    if (sid === undefined) return false;
    const bySid = this.#entries.get(`sid:${sid}`);
    return bySid !== undefined && bySid > now;
  }
  async listActive(now: number): Promise<DenylistEntry[]> {
    const active: DenylistEntry[] = [];
    for (const [key, expiresAt] of this.#entries) {
      if (expiresAt <= now) {
        this.#entries.delete(key);
        continue;
      }
      const separator = key.indexOf(':');
      active.push({ kind: key.slice(0, separator) as DenylistEntry['kind'], value: key.slice(separator + 1), expiresAt });
    }
    return active;
  }
}
