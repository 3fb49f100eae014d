import type { SessionRecord } from '../model/records.js';

/**
 * Server-side sessions. Looked up by the hash of the cookie's token on every request, so
 * `findByTokenHash` is the hot path: one round trip, no scans.
 *
 * Stores may drop records after `min(idleExpiresAt, absoluteExpiresAt)`; callers still check
 * expiry themselves, so a store that keeps them a little longer is correct.
 */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  findById(id: string): Promise<SessionRecord | null>;
  /** Sliding renewal. No-op when the session is gone. */
  touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void>;
  /** Replaces the application data. Returns false when the session is gone. */
  setData(id: string, data: Record<string, unknown>): Promise<boolean>;
  /** Returns the deleted record (null if none), so the caller can publish the revocation. */
  delete(id: string): Promise<SessionRecord | null>;
  /** Live and expired-but-not-yet-purged sessions of a user, newest first. */
  listByUser(userId: string): Promise<SessionRecord[]>;
  /** Deletes every session of a user except `exceptId`; returns the deleted ids. */
  deleteByUser(userId: string, exceptId?: string): Promise<string[]>;
}
