import type { AuditLog, SecondFactorStore, TotpFactorRecord } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleAuditEvent, uniqueHash, uniqueId } from './sample-records.js';

/** The second-factor store and the audit log of the same `Stores`. */
export interface SecondFactorStores {
  secondFactors: SecondFactorStore;
  audit: AuditLog;
}

function pendingTotp(overrides: Partial<TotpFactorRecord> = {}): TotpFactorRecord {
  return { userId: uniqueId('user'), secretCiphertext: `${uniqueHash()}.${uniqueHash()}`, createdAt: Date.now(), confirmedAt: null, lastUsedStep: null, ...overrides };
}

/** How many of `attempts` run at once answered true. */
async function winners(attempts: readonly (() => Promise<boolean>)[]): Promise<number> {
  const results = await Promise.all(attempts.map((attempt) => attempt()));
  return results.filter(Boolean).length;
}

/**
 * The `SecondFactorStore` port: a pending TOTP factor becomes confirmed once; a time step and a
 * recovery code are each accepted exactly once, even by concurrent callers (RFC 6238 §5.2).
 */
export function secondFactorStoreContract(backend: string, h: Harness<SecondFactorStores>): void {
  describe(`SecondFactorStore contract (${backend})`, () => {
    const stores = useHarness(h);
    const store = () => stores().secondFactors;

    async function confirmed(step = 1000, hashes: string[] = []): Promise<TotpFactorRecord> {
      const factor = pendingTotp();
      await store().putPendingTotp(factor);
      expect(await store().confirmTotp(factor.userId, factor.createdAt + 1, step, hashes)).toBe(true);
      return factor;
    }

    it('a pending factor is stored, replaced by a newer pending one, and not yet usable', async () => {
      const first = pendingTotp();
      expect(await store().putPendingTotp(first)).toBe(true);
      expect(await store().findTotp(first.userId)).toEqual(first);
      const second = pendingTotp({ userId: first.userId, createdAt: first.createdAt + 5 });
      expect(await store().putPendingTotp(second)).toBe(true);
      expect(await store().findTotp(first.userId)).toEqual(second);
      expect(await store().useTotpStep(first.userId, 1)).toBe(false);
      expect(await store().findTotp(uniqueId('user'))).toBeNull();
    });

    it('confirmTotp confirms once, records the step and stores the recovery codes', async () => {
      const factor = pendingTotp();
      await store().putPendingTotp(factor);
      const hashes = [uniqueHash(), uniqueHash(), uniqueHash()];
      expect(await store().confirmTotp(factor.userId, factor.createdAt + 10, 5000, hashes)).toBe(true);
      expect(await store().findTotp(factor.userId)).toEqual({ ...factor, confirmedAt: factor.createdAt + 10, lastUsedStep: 5000 });
      expect(await store().countRecoveryCodes(factor.userId)).toBe(3);
      expect(await store().confirmTotp(factor.userId, factor.createdAt + 20, 5001, [])).toBe(false);
      expect(await store().confirmTotp(uniqueId('user'), 1, 1, [])).toBe(false);
    });

    it('a confirmed factor is not replaced by a new set-up', async () => {
      const factor = await confirmed();
      expect(await store().putPendingTotp(pendingTotp({ userId: factor.userId }))).toBe(false);
      expect((await store().findTotp(factor.userId))?.secretCiphertext).toBe(factor.secretCiphertext);
    });

    it('useTotpStep accepts only a step later than the last one used', async () => {
      const factor = await confirmed(1000);
      expect(await store().useTotpStep(factor.userId, 1000)).toBe(false);
      expect(await store().useTotpStep(factor.userId, 999)).toBe(false);
      expect(await store().useTotpStep(factor.userId, 1001)).toBe(true);
      expect(await store().useTotpStep(factor.userId, 1001)).toBe(false);
      expect((await store().findTotp(factor.userId))?.lastUsedStep).toBe(1001);
    });

    it('of concurrent uses of one step, exactly one succeeds', async () => {
      const factor = await confirmed(1000);
      expect(await winners(Array.from({ length: 12 }, () => () => store().useTotpStep(factor.userId, 1001)))).toBe(1);
    });

    it('a recovery code works once; of concurrent uses exactly one succeeds and writes its event', async () => {
      const [first, second] = [uniqueHash(), uniqueHash()];
      const factor = await confirmed(1000, [first, second]);
      expect(await store().useRecoveryCode(factor.userId, first)).toBe(true);
      expect(await store().useRecoveryCode(factor.userId, first)).toBe(false);
      expect(await store().useRecoveryCode(uniqueId('user'), second)).toBe(false);
      const event = () => sampleAuditEvent(factor.userId, { type: 'mfa.recovery_code_used', detail: {} });
      expect(await winners(Array.from({ length: 12 }, () => () => store().useRecoveryCode(factor.userId, second, event())))).toBe(1);
      expect(await store().countRecoveryCodes(factor.userId)).toBe(0);
      expect((await stores().audit.listByUser(factor.userId, 50)).filter((e) => e.type === 'mfa.recovery_code_used')).toHaveLength(1);
    });

    it('replaceRecoveryCodes drops the old codes', async () => {
      const old = uniqueHash();
      const factor = await confirmed(1000, [old]);
      const fresh = uniqueHash();
      await store().replaceRecoveryCodes(factor.userId, [fresh, uniqueHash()], sampleAuditEvent(factor.userId, { type: 'mfa.recovery_codes_regenerated' }));
      expect(await store().useRecoveryCode(factor.userId, old)).toBe(false);
      expect(await store().useRecoveryCode(factor.userId, fresh)).toBe(true);
      expect(await store().countRecoveryCodes(factor.userId)).toBe(1);
    });

    it('removeTotp deletes the factor and its codes, with its event; false when there was none', async () => {
      const code = uniqueHash();
      const factor = await confirmed(1000, [code]);
      const event = sampleAuditEvent(factor.userId, { type: 'mfa.totp_removed', detail: {} });
      expect(await store().removeTotp(factor.userId, event)).toBe(true);
      expect(await store().findTotp(factor.userId)).toBeNull();
      expect(await store().countRecoveryCodes(factor.userId)).toBe(0);
      expect(await store().useRecoveryCode(factor.userId, code)).toBe(false);
      expect(await stores().audit.listByUser(factor.userId, 10)).toEqual([event]);
      expect(await store().removeTotp(factor.userId, sampleAuditEvent(factor.userId, { type: 'mfa.totp_removed' }))).toBe(false);
      expect(await stores().audit.listByUser(factor.userId, 10)).toEqual([event]);
    });
  });
}
