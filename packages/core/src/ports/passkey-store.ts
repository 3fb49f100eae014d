import type { AuditEventRecord } from '../model/records.js';
import type { PasskeyRecord, WebAuthnChallengeRecord } from '../model/factor-records.js';

/**
 * WebAuthn credentials and the challenges of ceremonies in flight. Audited changes carry their
 * event, written atomically with the change (the `UserStore` rule).
 */
export interface PasskeyStore {
  /** Adds a credential; false (nothing changes) when its id is already registered, to anyone. */
  add(passkey: PasskeyRecord, audit?: AuditEventRecord): Promise<boolean>;
  findById(id: string): Promise<PasskeyRecord | null>;
  /** Oldest first. */
  listByUser(userId: string): Promise<PasskeyRecord[]>;
  rename(userId: string, id: string, name: string): Promise<boolean>;
  /** Records a sign-in: the new counter, the backup state and the time. */
  recordUse(id: string, counter: number, backedUp: boolean, usedAt: number): Promise<boolean>;
  /** Deletes one of the user's credentials (another user's id: false). */
  remove(userId: string, id: string, audit?: AuditEventRecord): Promise<boolean>;
  /** Deletes every credential of the user (account deletion). */
  removeAllForUser(userId: string): Promise<number>;
  saveChallenge(challenge: WebAuthnChallengeRecord): Promise<void>;
  /** Deletes and returns the challenge if it exists and has not expired at `now`; atomic (exactly one caller gets it). */
  consumeChallenge(idHash: string, now: number): Promise<WebAuthnChallengeRecord | null>;
}
