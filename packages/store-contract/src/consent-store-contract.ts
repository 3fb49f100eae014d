import type { ConsentStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { minuteMs, sampleConsent, uniqueId } from './sample-records.js';

/** The `ConsentStore` port: one remembered consent per user and client (OIDC Core §3.1.2.4). */
export function consentStoreContract(backend: string, h: Harness<ConsentStore>): void {
  describe(`ConsentStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('grant then find returns the consent', async () => {
      const consent = sampleConsent();
      await store().grant(consent);
      expect(await store().find(consent.userId, consent.clientId)).toEqual(consent);
    });

    it('find answers null for a user or client without consent', async () => {
      const consent = sampleConsent();
      await store().grant(consent);
      expect(await store().find(consent.userId, uniqueId('client'))).toBeNull();
      expect(await store().find(uniqueId('user'), consent.clientId)).toBeNull();
    });

    it('granting again replaces the scopes and keeps the first createdAt', async () => {
      const consent = sampleConsent({ scopes: ['openid'] });
      await store().grant(consent);
      const later = consent.createdAt + minuteMs;
      await store().grant({ ...consent, scopes: ['openid', 'email', 'offline_access'], createdAt: later, updatedAt: later });
      expect(await store().find(consent.userId, consent.clientId)).toEqual({
        ...consent,
        scopes: ['openid', 'email', 'offline_access'],
        updatedAt: later,
      });
      expect(await store().listByUser(consent.userId)).toHaveLength(1);
    });

    it('listByUser returns that user\'s consents only', async () => {
      const userId = uniqueId('user');
      const a = sampleConsent({ userId });
      const b = sampleConsent({ userId, scopes: ['openid', 'profile'] });
      await store().grant(a);
      await store().grant(b);
      await store().grant(sampleConsent({ clientId: a.clientId }));
      const listed = await store().listByUser(userId);
      expect(listed).toHaveLength(2);
      expect(listed).toEqual(expect.arrayContaining([a, b]));
      expect(await store().listByUser(uniqueId('user'))).toEqual([]);
    });

    it('revoke withdraws one consent, answers false when there was none', async () => {
      const userId = uniqueId('user');
      const kept = sampleConsent({ userId });
      const withdrawn = sampleConsent({ userId });
      await store().grant(kept);
      await store().grant(withdrawn);
      expect(await store().revoke(userId, withdrawn.clientId)).toBe(true);
      expect(await store().find(userId, withdrawn.clientId)).toBeNull();
      expect(await store().listByUser(userId)).toEqual([kept]);
      expect(await store().revoke(userId, withdrawn.clientId)).toBe(false);
    });
  });
}
