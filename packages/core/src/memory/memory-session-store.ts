import type { SessionRecord } from '../model/records.js';
import type { SessionStore } from '../ports/session-store.js';
import { copy } from './copy-record.js';

export class MemorySessionStore implements SessionStore {
  readonly #byId = new Map<string, SessionRecord>();
  readonly #idByTokenHash = new Map<string, string>();

  /** Number of stored sessions (the lab's memory-per-session figure uses it). */
  get size(): number {
    return this.#byId.size;
  }
  async create(session: SessionRecord): Promise<void> {
    this.#byId.set(session.id, copy(session));
    this.#idByTokenHash.set(session.tokenHash, session.id);
  }
  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    const id = this.#idByTokenHash.get(tokenHash);
    return id === undefined ? null : this.findById(id);
  }
  async findById(id: string): Promise<SessionRecord | null> {
    const session = this.#byId.get(id);
    return session ? copy(session) : null;
  }
  async touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    const session = this.#byId.get(id);
    if (!session) return;
    session.lastSeenAt = lastSeenAt;
    session.idleExpiresAt = idleExpiresAt;
  }
  async setData(id: string, data: Record<string, unknown>): Promise<boolean> {
    const session = this.#byId.get(id);
    if (!session) return false;
    session.data = copy(data);
    return true;
  }
  async delete(id: string): Promise<SessionRecord | null> {
    const session = this.#byId.get(id);
    if (!session) return null;
    this.#byId.delete(id);
    this.#idByTokenHash.delete(session.tokenHash);
    return session;
  }
  async listByUser(userId: string): Promise<SessionRecord[]> {
    return [...this.#byId.values()]
      .filter((s) => s.userId === userId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(copy);
  }
  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    const deleted: string[] = [];
    for (const session of [...this.#byId.values()]) {
      if (session.userId !== userId || session.id === exceptId) continue;
      await this.delete(session.id);
      deleted.push(session.id);
    }
    return deleted;
  }
}
