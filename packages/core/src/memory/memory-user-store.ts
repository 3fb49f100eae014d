import type { UserRecord } from '../model/records.js';
import { EmailTakenError } from '../errors/tessera-error.js';
import type { UserStore } from '../ports/user-store.js';
import { copy } from './copy-record.js';

/**
 * The reference implementation of the port, single process only: JavaScript's run-to-completion makes each
 * method atomic, which is exactly what the contract suite asks the other stores to prove.
 */
export class MemoryUserStore implements UserStore {
  readonly #byId = new Map<string, UserRecord>();
  readonly #idByEmail = new Map<string, string>();

  async create(user: UserRecord): Promise<void> {
    if (this.#idByEmail.has(user.email)) throw new EmailTakenError();
    this.#byId.set(user.id, copy(user));
    this.#idByEmail.set(user.email, user.id);
  }
  async findById(id: string): Promise<UserRecord | null> {
    const user = this.#byId.get(id);
    return user ? copy(user) : null;
  }
  async findByEmail(email: string): Promise<UserRecord | null> {
    const id = this.#idByEmail.get(email);
    return id === undefined ? null : this.findById(id);
  }
  async updatePassword(id: string, passwordHash: string, changedAt: number): Promise<boolean> {
    const user = this.#byId.get(id);
    if (!user) return false;
    user.passwordHash = passwordHash;
    user.passwordChangedAt = changedAt;
    user.updatedAt = changedAt;
    return true;
  }
}
