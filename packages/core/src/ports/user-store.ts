import type { AuditEventRecord, UserRecord } from '../model/records.js';

/**
 * Users and their password credentials.
 *
 * A change that is audited carries its audit event (`audit`): the store writes the event to the
 * audit log of the same backend atomically with the change, in one transaction, or writes neither
 * (audit issue 9, finding 16; ASVS 5.0 V16.2). Stores may live on different backends, so only the
 * store that owns the change can make the pair atomic. The event's `detail` must be
 * JSON-serialisable; one that is not is refused with `TypeError` and nothing changes.
 */
export interface UserStore {
  /**
   * Inserts a user, and `audit` with it. Throws `EmailTakenError` when the (normalised) email
   * exists; nothing changes then, and no event is written.
   */
  create(user: UserRecord, audit?: AuditEventRecord): Promise<void>;
  findById(id: string): Promise<UserRecord | null>;
  /** `email` is already normalised by the caller. */
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Stores the new hash, and `audit` with it. Returns false when no such user; no event is written then. */
  updatePassword(id: string, passwordHash: string, changedAt: number, audit?: AuditEventRecord): Promise<boolean>;
}
