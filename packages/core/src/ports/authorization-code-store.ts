import type { AuthorizationCodeRecord } from '../model/records.js';

/** Outcome of `AuthorizationCodeStore.consume`. */
export type ConsumeCodeResult =
  /** This caller spent the code. Exactly one of any number of concurrent callers (on any instance) gets this. */
  | { outcome: 'consumed'; code: AuthorizationCodeRecord }
  /**
   * The code was spent before. The caller treats this as an attack (RFC 9700 §4.5.3.1 / RFC 6749
   * §4.1.2): refuse with invalid_grant and revoke what the first redemption issued (`familyId`).
   */
  | { outcome: 'already_consumed'; code: AuthorizationCodeRecord }
  /** Past `expiresAt` and never spent. */
  | { outcome: 'expired'; code: AuthorizationCodeRecord }
  | { outcome: 'not_found' };

/**
 * OAuth 2.1 authorization codes. Codes are opaque (≥128 bits); only their SHA-256 hashes are stored.
 * Stores may drop a record some time after `expiresAt` (a spent code is kept at least until then, so
 * a replay inside the code's lifetime is recognised as reuse, not as unknown).
 */
export interface AuthorizationCodeStore {
  create(code: AuthorizationCodeRecord): Promise<void>;
  /**
   * The single-use primitive: atomically sets `consumedAt = now` iff the code is unspent and
   * unexpired at `now`. Never returns `consumed` twice for one hash.
   */
  consume(codeHash: string, now: number): Promise<ConsumeCodeResult>;
  /** Records the refresh family the redemption created, so a later reuse can revoke it. No-op when unknown. */
  attachFamily(codeHash: string, familyId: string): Promise<void>;
}
