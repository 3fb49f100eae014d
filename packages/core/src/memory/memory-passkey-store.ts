import type { AuditEventRecord } from '../model/records.js';
import type { PasskeyRecord, WebAuthnChallengeRecord } from '../model/factor-records.js';
import type { PasskeyStore } from '../ports/passkey-store.js';
import { copy } from './copy-record.js';
import type { MemoryAuditLog } from './memory-audit-log.js';

/** Single process: each method runs to completion, which makes `consumeChallenge` single-use. */
export class MemoryPasskeyStore implements PasskeyStore {
  readonly #passkeys = new Map<string, PasskeyRecord>();
  readonly #challenges = new Map<string, WebAuthnChallengeRecord>();

  constructor(private readonly auditLog?: MemoryAuditLog) {}

  async add(passkey: PasskeyRecord, audit?: AuditEventRecord): Promise<boolean> {
    if (this.#passkeys.has(passkey.id)) return false;
    const appendAudit = this.#prepareAudit(audit);
    this.#passkeys.set(passkey.id, copy(passkey));
    appendAudit();
    return true;
  }
  async findById(id: string): Promise<PasskeyRecord | null> {
    const found = this.#passkeys.get(id);
    return found ? copy(found) : null;
  }
  async listByUser(userId: string): Promise<PasskeyRecord[]> {
    return [...this.#passkeys.values()]
      .filter((p) => p.userId === userId)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map(copy);
  }
  async rename(userId: string, id: string, name: string): Promise<boolean> {
    const found = this.#passkeys.get(id);
    if (!found || found.userId !== userId) return false;
    found.name = name;
    return true;
  }
  async recordUse(id: string, counter: number, backedUp: boolean, usedAt: number): Promise<boolean> {
    const found = this.#passkeys.get(id);
    if (!found) return false;
    Object.assign(found, { counter, backedUp, lastUsedAt: usedAt });
    return true;
  }
  async remove(userId: string, id: string, audit?: AuditEventRecord): Promise<boolean> {
    const found = this.#passkeys.get(id);
    if (!found || found.userId !== userId) return false;
    const appendAudit = this.#prepareAudit(audit);
    this.#passkeys.delete(id);
    appendAudit();
    return true;
  }
  async removeAllForUser(userId: string): Promise<number> {
    let removed = 0;
    for (const [id, passkey] of this.#passkeys) {
      if (passkey.userId === userId && this.#passkeys.delete(id)) removed++;
    }
    return removed;
  }
  async saveChallenge(challenge: WebAuthnChallengeRecord): Promise<void> {
    this.#challenges.set(challenge.idHash, copy(challenge));
  }
  async consumeChallenge(idHash: string, now: number): Promise<WebAuthnChallengeRecord | null> {
    const found = this.#challenges.get(idHash);
    if (!found) return null;
    this.#challenges.delete(idHash);
    return found.expiresAt > now ? found : null;
  }

  #prepareAudit(audit: AuditEventRecord | undefined): () => void {
    if (audit === undefined) return () => {};
    if (!this.auditLog) throw new TypeError('MemoryPasskeyStore got an audit event but has no audit log');
    return this.auditLog.prepareAppend(audit);
  }
}
