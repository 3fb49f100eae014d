import type { RefreshFamilyRecord, RefreshTokenRecord } from '../model/records.js';

/** Outcome of `RefreshTokenStore.rotate`. */
export type RotateResult =
  /** This caller spent the parent; the successor is stored. Exactly one caller ever gets this for a parent. */
  | { outcome: 'rotated'; family: RefreshFamilyRecord; parent: RefreshTokenRecord }
  /** The parent was spent before (by `usedAt`). The caller decides: grace-window repeat, or reuse. */
  | { outcome: 'already_used'; family: RefreshFamilyRecord; parent: RefreshTokenRecord; successor: RefreshTokenRecord | null }
  /** The family is revoked or past its absolute expiry, or the parent has expired. */
  | { outcome: 'inactive'; family: RefreshFamilyRecord; parent: RefreshTokenRecord }
  | { outcome: 'not_found' };

/** A family still in use, as its user sees it ("app logins"). */
export interface LiveRefreshFamily {
  family: RefreshFamilyRecord;
  /** When its newest token was issued: the login, or the last rotation (the app's last refresh). */
  lastUsedAt: number;
}

/**
 * Refresh-token families. Tokens are opaque; only their hashes are stored.
 * Successors are derived from their parent by the core (HMAC), so a rotation stores one row
 * and a repeat inside the grace window can be answered with the same successor without
 * storing any token in plaintext.
 */
export interface RefreshTokenStore {
  /** Stores a new family with its first token (generation 0). */
  createFamily(family: RefreshFamilyRecord, first: RefreshTokenRecord): Promise<void>;
  findFamily(id: string): Promise<RefreshFamilyRecord | null>;
  /**
   * The single-use primitive: atomically marks the parent used at `now` and stores `successor`,
   * iff the parent is unused, unexpired, and its family is neither revoked nor expired.
   * Exactly one of any number of concurrent callers (on any number of instances) receives
   * `rotated`; the others receive `already_used` with the stored successor.
   */
  rotate(parentHash: string, successor: RefreshTokenRecord, now: number): Promise<RotateResult>;
  /** Returns the family and token for a hash, without changing anything (revocation, introspection). */
  findToken(tokenHash: string): Promise<{ family: RefreshFamilyRecord; token: RefreshTokenRecord } | null>;
  /** Marks the family revoked (idempotent). Returns the family, or null if unknown. */
  revokeFamily(familyId: string, now: number): Promise<RefreshFamilyRecord | null>;
  /** Revokes every live family of a user; returns the revoked families. */
  revokeByUser(userId: string, now: number): Promise<RefreshFamilyRecord[]>;
  /** The user's families that are neither revoked nor past their absolute expiry at `now`, any order. */
  listLiveByUser(userId: string, now: number): Promise<LiveRefreshFamily[]>;
}
