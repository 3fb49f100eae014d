import type { AuditEventRecord } from '../model/records.js';
import type { TotpFactorRecord } from '../model/factor-records.js';

/**
 * TOTP factors and recovery codes. Changes that are audited carry their event (`audit`), written
 * atomically with the change on the same backend, or not at all (the `UserStore` rule).
 *
 * The two single-use operations are atomic across concurrent callers and instances: of N
 * simultaneous `useTotpStep` calls with the same step, and of N `useRecoveryCode` calls with the
 * same hash, exactly one answers true.
 */
export interface SecondFactorStore {
  /** Stores a pending (unconfirmed) factor, replacing a pending one; refuses (false) while a confirmed one exists. */
  putPendingTotp(record: TotpFactorRecord): Promise<boolean>;
  findTotp(userId: string): Promise<TotpFactorRecord | null>;
  /**
   * Confirms the pending factor: sets `confirmedAt` and `lastUsedStep` = `step`, and replaces the
   * user's recovery codes with `recoveryCodeHashes`, all at once. False when there is no pending factor.
   */
  confirmTotp(userId: string, confirmedAt: number, step: number, recoveryCodeHashes: readonly string[], audit?: AuditEventRecord): Promise<boolean>;
  /** Moves `lastUsedStep` to `step` iff the factor is confirmed and `step` is later than it; true then. */
  useTotpStep(userId: string, step: number): Promise<boolean>;
  /** Deletes the factor (pending or confirmed) and every recovery code. False when there was no factor. */
  removeTotp(userId: string, audit?: AuditEventRecord): Promise<boolean>;
  /** Replaces every recovery code of the user. */
  replaceRecoveryCodes(userId: string, hashes: readonly string[], audit?: AuditEventRecord): Promise<void>;
  /** Deletes the code with this hash; true iff it existed (and `audit` is written then). */
  useRecoveryCode(userId: string, hash: string, audit?: AuditEventRecord): Promise<boolean>;
  countRecoveryCodes(userId: string): Promise<number>;
}
