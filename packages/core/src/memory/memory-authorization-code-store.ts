import type { AuthorizationCodeRecord } from '../model/records.js';
import type { AuthorizationCodeStore, ConsumeCodeResult } from '../ports/authorization-code-store.js';
import { copy } from './copy-record.js';

export class MemoryAuthorizationCodeStore implements AuthorizationCodeStore {
  readonly #codes = new Map<string, AuthorizationCodeRecord>();

  async create(code: AuthorizationCodeRecord): Promise<void> {
    this.#codes.set(code.codeHash, copy(code));
  }
  // Atomic by construction: no await between the check and the write.
  async consume(codeHash: string, now: number): Promise<ConsumeCodeResult> {
    const code = this.#codes.get(codeHash);
    if (!code) return { outcome: 'not_found' };
    // A spent code is reuse even once expired: the caller must still revoke what it issued.
    if (code.consumedAt !== null) return { outcome: 'already_consumed', code: copy(code) };
    if (code.expiresAt <= now) return { outcome: 'expired', code: copy(code) };
    code.consumedAt = now;
    return { outcome: 'consumed', code: copy(code) };
  }
  async attachFamily(codeHash: string, familyId: string): Promise<void> {
    const code = this.#codes.get(codeHash);
    if (code) code.familyId = familyId;
  }
}
