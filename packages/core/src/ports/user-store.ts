import type { AuditEventRecord, UserRecord } from '../model/records.js';

/** A page of `UserStore.list`. */
export interface UserListQuery {
  /** Only users whose email contains this text (matched literally, case-insensitively). */
  search?: string;
  /** Only users whose id sorts after this one: the last id of the previous page. */
  after?: string;
  /** At most this many users (1 or more). */
  limit: number;
}

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
  /**
   * Users ordered by id (in the backend's own text order, the same for every page), for operators.
   * Paging by `after` neither repeats nor skips a user that exists throughout.
   */
  list(query: UserListQuery): Promise<UserRecord[]>;
  /**
   * Sets `disabledAt` (null enables again) and `updatedAt` = `changedAt`, and `audit` with it.
   * Returns false when no such user; no event is written then.
   */
  setDisabledAt(id: string, disabledAt: number | null, changedAt: number, audit?: AuditEventRecord): Promise<boolean>;
  /** Deletes the user, and `audit` with it. Returns false when no such user; no event is written then. */
  remove(id: string, audit?: AuditEventRecord): Promise<boolean>;
}
