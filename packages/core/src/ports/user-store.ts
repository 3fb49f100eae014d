import type { UserRecord } from '../model/records.js';

/** Users and their password credentials. */
export interface UserStore {
  /** Inserts a user. Throws `EmailTakenError` when the (normalised) email exists; nothing changes then. */
  create(user: UserRecord): Promise<void>;
  findById(id: string): Promise<UserRecord | null>;
  /** `email` is already normalised by the caller. */
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Returns false when no such user. */
  updatePassword(id: string, passwordHash: string, changedAt: number): Promise<boolean>;
}
