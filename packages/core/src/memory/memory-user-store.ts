import type { AuditEventRecord, UserRecord } from '../model/records.js';
import { EmailTakenError } from '../errors/tessera-error.js';
import type { UserListQuery, UserStore } from '../ports/user-store.js';
import { copy } from './copy-record.js';
import type { MemoryAuditLog } from './memory-audit-log.js';

/**
 * The reference implementation of the port, single process only: JavaScript's run-to-completion makes each
 * method atomic, which is exactly what the contract suite asks the other stores to prove. Audit events go
 * to `auditLog` in the same synchronous step as the change; without one, the store works standalone but
 * refuses audited changes.
 */
export class MemoryUserStore implements UserStore {
  readonly #byId = new Map<string, UserRecord>();
  readonly #idByEmail = new Map<string, string>();

  constructor(private readonly auditLog?: MemoryAuditLog) {}

  async create(user: UserRecord, audit?: AuditEventRecord): Promise<void> {
    if (this.#idByEmail.has(user.email)) throw new EmailTakenError();
    const appendAudit = this.#prepareAudit(audit);
    this.#byId.set(user.id, copy(user));
    this.#idByEmail.set(user.email, user.id);
    appendAudit();
  }
  async findById(id: string): Promise<UserRecord | null> {
    const user = this.#byId.get(id);
    return user ? copy(user) : null;
  }
  async findByEmail(email: string): Promise<UserRecord | null> {
    const id = this.#idByEmail.get(email);
    return id === undefined ? null : this.findById(id);
  }
  async updatePassword(id: string, passwordHash: string, changedAt: number, audit?: AuditEventRecord): Promise<boolean> {
    const user = this.#byId.get(id);
    if (!user) return false;
    const appendAudit = this.#prepareAudit(audit);
    user.passwordHash = passwordHash;
    user.passwordChangedAt = changedAt;
    user.updatedAt = changedAt;
    appendAudit();
    return true;
  }
  async list(query: UserListQuery): Promise<UserRecord[]> {
    const search = query.search?.toLowerCase();
    return [...this.#byId.values()]
      .filter((u) => (query.after === undefined || u.id > query.after) && (search === undefined || u.email.includes(search)))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, query.limit)
      .map(copy);
  }
  async setDisabledAt(id: string, disabledAt: number | null, changedAt: number, audit?: AuditEventRecord): Promise<boolean> {
    const user = this.#byId.get(id);
    if (!user) return false;
    const appendAudit = this.#prepareAudit(audit);
    user.disabledAt = disabledAt;
    user.updatedAt = changedAt;
    appendAudit();
    return true;
  }
  async remove(id: string, audit?: AuditEventRecord): Promise<boolean> {
    const user = this.#byId.get(id);
    if (!user) return false;
    const appendAudit = this.#prepareAudit(audit);
    this.#byId.delete(id);
    this.#idByEmail.delete(user.email);
    appendAudit();
    return true;
  }

  /** Everything that can fail happens here, before the change. */
  #prepareAudit(audit: AuditEventRecord | undefined): () => void {
    if (audit === undefined) return () => {};
    if (!this.auditLog) throw new TypeError('MemoryUserStore got an audit event but has no audit log: construct it with the MemoryAuditLog it writes to');
    return this.auditLog.prepareAppend(audit);
  }
}
