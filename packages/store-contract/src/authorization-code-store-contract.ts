import type { AuthorizationCodeStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { minuteMs, sampleAuthorizationCode, uniqueHash, uniqueId } from './sample-records.js';

/**
 * The `AuthorizationCodeStore` port, above all the single-use primitive `consume`: exactly one of
 * any number of concurrent redemptions spends a code (OAuth 2.1 §4.1.3; a replay must be told
 * apart so the caller can revoke what the first redemption issued, RFC 6749 §4.1.2).
 */
export function authorizationCodeStoreContract(backend: string, h: Harness<AuthorizationCodeStore>): void {
  describe(`AuthorizationCodeStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('consume spends a stored code at `now` and returns it whole', async () => {
      const code = sampleAuthorizationCode({ nonce: null, amr: ['pwd', 'otp'] });
      await store().create(code);
      const now = code.createdAt + 1_000;
      expect(await store().consume(code.codeHash, now)).toEqual({ outcome: 'consumed', code: { ...code, consumedAt: now } });
    });

    it('a second consume answers already_consumed with the record as the first left it', async () => {
      const code = sampleAuthorizationCode();
      await store().create(code);
      const first = code.createdAt + 1_000;
      await store().consume(code.codeHash, first);
      expect(await store().consume(code.codeHash, first + 1_000)).toEqual({ outcome: 'already_consumed', code: { ...code, consumedAt: first } });
    });

    it('a replay after expiry is still reuse, not expiry', async () => {
      const code = sampleAuthorizationCode();
      await store().create(code);
      await store().consume(code.codeHash, code.createdAt + 1);
      const late = await store().consume(code.codeHash, code.expiresAt + minuteMs);
      expect(late.outcome).toBe('already_consumed');
    });

    it('consume at or after expiresAt answers expired and spends nothing', async () => {
      const code = sampleAuthorizationCode();
      await store().create(code);
      expect(await store().consume(code.codeHash, code.expiresAt)).toEqual({ outcome: 'expired', code });
      expect(await store().consume(code.codeHash, code.expiresAt + minuteMs)).toEqual({ outcome: 'expired', code });
      // Still unspent: the expiry check did not write.
      expect((await store().consume(code.codeHash, code.expiresAt - 1)).outcome).toBe('consumed');
    });

    it('consume of an unknown hash answers not_found', async () => {
      expect(await store().consume(uniqueHash(), Date.now())).toEqual({ outcome: 'not_found' });
    });

    it('attachFamily records the family a redemption created; a replay sees it', async () => {
      const code = sampleAuthorizationCode();
      await store().create(code);
      const now = code.createdAt + 1_000;
      await store().consume(code.codeHash, now);
      const familyId = uniqueId('family');
      await store().attachFamily(code.codeHash, familyId);
      expect(await store().consume(code.codeHash, now + 1)).toEqual({ outcome: 'already_consumed', code: { ...code, consumedAt: now, familyId } });
    });

    it('attachFamily of an unknown hash is a no-op', async () => {
      const hash = uniqueHash();
      await expect(store().attachFamily(hash, uniqueId('family'))).resolves.toBeUndefined();
      expect(await store().consume(hash, Date.now())).toEqual({ outcome: 'not_found' });
    });

    it('codes are independent: spending one leaves another unspent', async () => {
      const a = sampleAuthorizationCode();
      const b = sampleAuthorizationCode({ userId: a.userId, clientId: a.clientId });
      await store().create(a);
      await store().create(b);
      await store().consume(a.codeHash, a.createdAt + 1);
      expect((await store().consume(b.codeHash, b.createdAt + 1)).outcome).toBe('consumed');
    });

    it('20 concurrent consumes of one code: exactly one consumed, all others already_consumed', async () => {
      const code = sampleAuthorizationCode();
      await store().create(code);
      const now = code.createdAt + 1_000;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store().consume(code.codeHash, now + i)));
      const winners = results.filter((r) => r.outcome === 'consumed');
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'already_consumed')).toHaveLength(19);
      // Every loser sees the winner's timestamp: one write happened.
      const spentAt = winners[0]!.code.consumedAt;
      for (const r of results) if (r.outcome === 'already_consumed') expect(r.code.consumedAt).toBe(spentAt);
    });
  });
}
