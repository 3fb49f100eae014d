import type { AuditEventRecord } from '../model/records.js';
import type { TotpFactorRecord } from '../model/factor-records.js';
import type { SecondFactorStore } from '../ports/second-factor-store.js';
import { copy } from './copy-record.js';
import type { MemoryAuditLog } from './memory-audit-log.js';

/** Single process: each method runs to completion, which makes the single-use operations atomic. */
export class MemorySecondFactorStore implements SecondFactorStore {
  readonly #totp = new Map<string, TotpFactorRecord>();
  readonly #recoveryCodes = new Map<string, Set<string>>();

  constructor(private readonly auditLog?: MemoryAuditLog) {}

  async putPendingTotp(record: TotpFactorRecord): Promise<boolean> {
    if (this.#totp.get(record.userId)?.confirmedAt != null) return false;
    this.#totp.set(record.userId, copy({ ...record, confirmedAt: null }));
    return true;
  }
  async findTotp(userId: string): Promise<TotpFactorRecord | null> {
    const found = this.#totp.get(userId);
    return found ? copy(found) : null;
  }
  async confirmTotp(userId: string, confirmedAt: number, step: number, hashes: readonly string[], audit?: AuditEventRecord): Promise<boolean> {
    const factor = this.#totp.get(userId);
    if (!factor || factor.confirmedAt !== null) return false;
    const appendAudit = this.#prepareAudit(audit);
    factor.confirmedAt = confirmedAt;
    factor.lastUsedStep = step;
    this.#recoveryCodes.set(userId, new Set(hashes));
    appendAudit();
    return true;
  }
  async useTotpStep(userId: string, step: number): Promise<boolean> {
    const factor = this.#totp.get(userId);
    if (!factor || factor.confirmedAt === null || (factor.lastUsedStep !== null && factor.lastUsedStep >= step)) return false;
    factor.lastUsedStep = step;
    return true;
  }
  async removeTotp(userId: string, audit?: AuditEventRecord): Promise<boolean> {
    if (!this.#totp.has(userId)) return false;
    const appendAudit = this.#prepareAudit(audit);
    this.#totp.delete(userId);
    this.#recoveryCodes.delete(userId);
    appendAudit();
    return true;
  }
  async replaceRecoveryCodes(userId: string, hashes: readonly string[], audit?: AuditEventRecord): Promise<void> {
    const appendAudit = this.#prepareAudit(audit);
    this.#recoveryCodes.set(userId, new Set(hashes));
    appendAudit();
  }
  async useRecoveryCode(userId: string, hash: string, audit?: AuditEventRecord): Promise<boolean> {
    const codes = this.#recoveryCodes.get(userId);
    if (!codes?.has(hash)) return false;
    const appendAudit = this.#prepareAudit(audit);
    codes.delete(hash);
    appendAudit();
    return true;
  }
  async countRecoveryCodes(userId: string): Promise<number> {
    return this.#recoveryCodes.get(userId)?.size ?? 0;
  }

  #prepareAudit(audit: AuditEventRecord | undefined): () => void {
    if (audit === undefined) return () => {};
    if (!this.auditLog) throw new TypeError('MemorySecondFactorStore got an audit event but has no audit log');
    return this.auditLog.prepareAppend(audit);
  }
}
