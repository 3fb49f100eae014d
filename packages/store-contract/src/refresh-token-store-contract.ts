import type { RefreshFamilyRecord, RefreshTokenRecord, RefreshTokenStore, RotateResult } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { hourMs, minuteMs, sampleFamily, sampleRefreshToken, uniqueHash, uniqueId } from './sample-records.js';

/**
 * The `RefreshTokenStore` port, above all the single-use primitive `rotate`: exactly one of any
 * number of concurrent callers spends a token (RFC 9700 §4.14.2 rotation with reuse detection).
 */
export function refreshTokenStoreContract(backend: string, h: Harness<RefreshTokenStore>): void {
  describe(`RefreshTokenStore contract (${backend})`, () => {
    const store = useHarness(h);

    async function newFamily(
      overrides: Partial<RefreshFamilyRecord> = {},
      tokenOverrides: Partial<RefreshTokenRecord> = {},
    ): Promise<{ family: RefreshFamilyRecord; first: RefreshTokenRecord }> {
      const family = sampleFamily(uniqueId('user'), overrides);
      const first = sampleRefreshToken(family, 0, tokenOverrides);
      await store().createFamily(family, first);
      return { family, first };
    }

    it('stores a family with its first token', async () => {
      const { family, first } = await newFamily({ scope: 'openid offline_access', clientId: uniqueId('client') });
      expect(await store().findFamily(family.id)).toEqual(family);
      expect(await store().findToken(first.tokenHash)).toEqual({ family, token: first });
    });

    it('keeps the browser session a code-flow family was born in (issue 11: logout ends it)', async () => {
      const sessionId = uniqueId('session');
      const { family, first } = await newFamily({ sessionId });
      expect(await store().findFamily(family.id)).toEqual({ ...family, sessionId });
      expect((await store().findToken(first.tokenHash))?.family.sessionId).toBe(sessionId);
      const live = await store().listLiveByUser(family.userId, Date.now());
      expect(live.map((entry) => entry.family)).toEqual([{ ...family, sessionId }]);
    });

    it('answers null for an unknown family or token', async () => {
      expect(await store().findFamily(uniqueId('family'))).toBeNull();
      expect(await store().findToken(uniqueHash())).toBeNull();
    });

    it('rotate spends the parent at `now` and stores the successor', async () => {
      const { family, first } = await newFamily();
      const now = Date.now() + minuteMs;
      const successor = sampleRefreshToken(family, 1, { createdAt: now });
      const result = await store().rotate(first.tokenHash, successor, now);
      expect(result).toEqual({ outcome: 'rotated', family, parent: { ...first, usedAt: now } });
      expect(await store().findToken(first.tokenHash)).toEqual({ family, token: { ...first, usedAt: now } });
      expect(await store().findToken(successor.tokenHash)).toEqual({ family, token: successor });
    });

    it('rotate of a spent parent answers already_used with the stored successor, storing nothing', async () => {
      const { family, first } = await newFamily();
      const usedAt = Date.now() + minuteMs;
      const successor = sampleRefreshToken(family, 1, { createdAt: usedAt });
      await store().rotate(first.tokenHash, successor, usedAt);

      const again = await store().rotate(first.tokenHash, successor, usedAt + 1_000);
      expect(again).toEqual({ outcome: 'already_used', family, parent: { ...first, usedAt }, successor });

      const other = sampleRefreshToken(family, 1);
      const third = await store().rotate(first.tokenHash, other, usedAt + 2_000);
      expect(third).toEqual({ outcome: 'already_used', family, parent: { ...first, usedAt }, successor });
      expect(await store().findToken(other.tokenHash)).toBeNull();
    });

    it('already_used reports the successor as it is now, spent or not', async () => {
      const { family, first } = await newFamily();
      const t1 = Date.now() + minuteMs;
      const second = sampleRefreshToken(family, 1);
      const third = sampleRefreshToken(family, 2);
      expect((await store().rotate(first.tokenHash, second, t1)).outcome).toBe('rotated');
      expect((await store().rotate(second.tokenHash, third, t1 + 1_000)).outcome).toBe('rotated');
      const replay = await store().rotate(first.tokenHash, second, t1 + 2_000);
      expect(replay).toEqual({
        outcome: 'already_used',
        family,
        parent: { ...first, usedAt: t1 },
        successor: { ...second, usedAt: t1 + 1_000 },
      });
    });

    it('rotate answers not_found for an unknown parent', async () => {
      const family = sampleFamily(uniqueId('user'));
      expect(await store().rotate(uniqueHash(), sampleRefreshToken(family, 1), Date.now())).toEqual({ outcome: 'not_found' });
    });

    it('rotate answers inactive for a revoked family and spends nothing', async () => {
      const { family, first } = await newFamily();
      const revokedAt = Date.now();
      await store().revokeFamily(family.id, revokedAt);
      const successor = sampleRefreshToken(family, 1);
      const result = await store().rotate(first.tokenHash, successor, revokedAt + 1_000);
      expect(result).toEqual({ outcome: 'inactive', family: { ...family, revokedAt }, parent: first });
      expect((await store().findToken(first.tokenHash))?.token.usedAt).toBeNull();
      expect(await store().findToken(successor.tokenHash)).toBeNull();
    });

    it('rotate answers inactive once the family has reached its absolute expiry', async () => {
      const { family, first } = await newFamily({ expiresAt: Date.now() + hourMs }, {});
      const successor = sampleRefreshToken(family, 1);
      expect(await store().rotate(first.tokenHash, successor, family.expiresAt)).toEqual({ outcome: 'inactive', family, parent: first });
      expect(await store().rotate(first.tokenHash, successor, family.expiresAt + hourMs)).toEqual({ outcome: 'inactive', family, parent: first });
      expect(await store().findToken(successor.tokenHash)).toBeNull();
      expect((await store().findToken(first.tokenHash))?.token.usedAt).toBeNull();
    });

    it('rotate answers inactive once the parent token has expired, even in a live family', async () => {
      const tokenExpiresAt = Date.now() + hourMs;
      const { family, first } = await newFamily({ expiresAt: Date.now() + 24 * hourMs }, { expiresAt: tokenExpiresAt });
      const successor = sampleRefreshToken(family, 1);
      expect(await store().rotate(first.tokenHash, successor, tokenExpiresAt + 1)).toEqual({ outcome: 'inactive', family, parent: first });
      expect(await store().findToken(successor.tokenHash)).toBeNull();
    });

    it('concurrent rotations of one parent: exactly one rotated, all others already_used, one successor stored', async () => {
      const { family, first } = await newFamily();
      const now = Date.now() + minuteMs;
      // The core derives the successor from the parent (HMAC), so every racer passes the same record.
      const successor = sampleRefreshToken(family, 1, { createdAt: now });
      const results = await Promise.all(Array.from({ length: 20 }, () => store().rotate(first.tokenHash, successor, now)));

      const outcomes = results.map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'rotated')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'already_used')).toHaveLength(19);
      for (const r of results) {
        if (r.outcome === 'already_used') {
          expect(r.successor).toEqual(successor);
          expect(r.parent.usedAt).toBe(now);
        }
      }
      expect(await store().findToken(successor.tokenHash)).toEqual({ family, token: successor });
      expect((await store().findToken(first.tokenHash))?.token.usedAt).toBe(now);
    });

    it('concurrent rotations with different successors store only the winner\'s', async () => {
      const { family, first } = await newFamily();
      const now = Date.now() + minuteMs;
      const successors = Array.from({ length: 20 }, () => sampleRefreshToken(family, 1, { createdAt: now }));
      const results: RotateResult[] = await Promise.all(successors.map((s) => store().rotate(first.tokenHash, s, now)));

      const winners = successors.filter((_, i) => results[i]!.outcome === 'rotated');
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.outcome !== 'rotated') expect(r).toMatchObject({ outcome: 'already_used', successor: winners[0] });
      const stored = await Promise.all(successors.map((s) => store().findToken(s.tokenHash)));
      expect(stored.filter((s) => s !== null)).toEqual([{ family, token: winners[0] }]);
    });

    it('revokeFamily marks the family revoked once and is idempotent', async () => {
      const { family, first } = await newFamily();
      const revokedAt = Date.now();
      expect(await store().revokeFamily(family.id, revokedAt)).toEqual({ ...family, revokedAt });
      expect(await store().revokeFamily(family.id, revokedAt + 5_000)).toEqual({ ...family, revokedAt });
      expect(await store().findFamily(family.id)).toEqual({ ...family, revokedAt });
      expect((await store().findToken(first.tokenHash))?.family.revokedAt).toBe(revokedAt);
    });

    it('revokeFamily answers null for an unknown family', async () => {
      expect(await store().revokeFamily(uniqueId('family'), Date.now())).toBeNull();
    });

    it('revokeByUser revokes the live families of one user and returns them', async () => {
      const userId = uniqueId('user');
      const live1 = sampleFamily(userId);
      const live2 = sampleFamily(userId, { clientId: 'other-client' });
      const alreadyRevoked = sampleFamily(userId);
      const someoneElse = sampleFamily(uniqueId('user'));
      for (const f of [live1, live2, alreadyRevoked, someoneElse]) await store().createFamily(f, sampleRefreshToken(f, 0));
      const earlier = Date.now();
      await store().revokeFamily(alreadyRevoked.id, earlier);

      const now = earlier + 1_000;
      const revoked = await store().revokeByUser(userId, now);
      const byId = (a: RefreshFamilyRecord, b: RefreshFamilyRecord) => a.id.localeCompare(b.id);
      expect([...revoked].sort(byId)).toEqual([{ ...live1, revokedAt: now }, { ...live2, revokedAt: now }].sort(byId));
      expect(await store().findFamily(alreadyRevoked.id)).toEqual({ ...alreadyRevoked, revokedAt: earlier });
      expect(await store().findFamily(someoneElse.id)).toEqual(someoneElse);
      expect(await store().revokeByUser(userId, now + 1_000)).toEqual([]);
      expect(await store().revokeByUser(uniqueId('user'), now)).toEqual([]);
    });

    it('listLiveByUser lists a user\'s live families with the time of their newest token', async () => {
      const userId = uniqueId('user');
      const start = Date.now();
      const rotated = sampleFamily(userId, { createdAt: start, clientId: uniqueId('client') });
      const first = sampleRefreshToken(rotated, 0, { createdAt: start });
      await store().createFamily(rotated, first);
      await store().rotate(first.tokenHash, sampleRefreshToken(rotated, 1, { createdAt: start + minuteMs }), start + minuteMs);
      const fresh = sampleFamily(userId, { createdAt: start + 2 * minuteMs });
      await store().createFamily(fresh, sampleRefreshToken(fresh, 0, { createdAt: start + 2 * minuteMs }));
      const revoked = sampleFamily(userId);
      const expired = sampleFamily(userId, { createdAt: start - 2 * hourMs, expiresAt: start - hourMs });
      const someoneElse = sampleFamily(uniqueId('user'));
      for (const f of [revoked, expired, someoneElse]) await store().createFamily(f, sampleRefreshToken(f, 0));
      await store().revokeFamily(revoked.id, start);

      const live = await store().listLiveByUser(userId, start + 3 * minuteMs);
      const byId = (a: { family: RefreshFamilyRecord }, b: { family: RefreshFamilyRecord }) => a.family.id.localeCompare(b.family.id);
      expect([...live].sort(byId)).toEqual(
        [
          { family: rotated, lastUsedAt: start + minuteMs },
          { family: fresh, lastUsedAt: start + 2 * minuteMs },
        ].sort(byId),
      );
      expect(await store().listLiveByUser(userId, Math.max(rotated.expiresAt, fresh.expiresAt) + 1)).toEqual([]);
      expect(await store().listLiveByUser(uniqueId('user'), start)).toEqual([]);
    });
  });
}
