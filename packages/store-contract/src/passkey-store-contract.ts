import type { PasskeyRecord, PasskeyStore, WebAuthnChallengeRecord } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { minuteMs, uniqueHash, uniqueId } from './sample-records.js';

function samplePasskey(overrides: Partial<PasskeyRecord> = {}): PasskeyRecord {
  return {
    id: uniqueHash(),
    userId: uniqueId('user'),
    name: 'Laptop',
    publicKey: uniqueHash(),
    counter: 0,
    transports: ['internal', 'hybrid'],
    deviceType: 'multiDevice',
    backedUp: true,
    createdAt: Date.now(),
    lastUsedAt: null,
    ...overrides,
  };
}

function sampleChallenge(overrides: Partial<WebAuthnChallengeRecord> = {}): WebAuthnChallengeRecord {
  return { idHash: uniqueHash(), challenge: uniqueHash(), purpose: 'authentication', userId: null, expiresAt: Date.now() + 5 * minuteMs, ...overrides };
}

/** The `PasskeyStore` port: credentials per user, and challenges spent exactly once. */
export function passkeyStoreContract(backend: string, h: Harness<PasskeyStore>): void {
  describe(`PasskeyStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('add, find and list a user\'s passkeys, oldest first; a duplicate id is refused', async () => {
      const userId = uniqueId('user');
      const first = samplePasskey({ userId });
      const second = samplePasskey({ userId, createdAt: first.createdAt + 1, backedUp: false, deviceType: 'singleDevice', transports: [] });
      expect(await store().add(second)).toBe(true);
      expect(await store().add(first)).toBe(true);
      expect(await store().findById(first.id)).toEqual(first);
      expect(await store().listByUser(userId)).toEqual([first, second]);
      expect(await store().add(samplePasskey({ id: first.id }))).toBe(false);
      expect(await store().findById(first.id)).toEqual(first);
      expect(await store().listByUser(uniqueId('user'))).toEqual([]);
    });

    it('rename and remove act on the owner\'s passkey only', async () => {
      const passkey = samplePasskey();
      await store().add(passkey);
      expect(await store().rename(uniqueId('user'), passkey.id, 'Stolen')).toBe(false);
      expect(await store().rename(passkey.userId, passkey.id, 'Phone')).toBe(true);
      expect((await store().findById(passkey.id))?.name).toBe('Phone');
      expect(await store().remove(uniqueId('user'), passkey.id)).toBe(false);
      expect(await store().remove(passkey.userId, passkey.id)).toBe(true);
      expect(await store().findById(passkey.id)).toBeNull();
      expect(await store().remove(passkey.userId, passkey.id)).toBe(false);
    });

    it('recordUse stores the counter, the backup state and the time', async () => {
      const passkey = samplePasskey();
      await store().add(passkey);
      expect(await store().recordUse(passkey.id, 7, false, passkey.createdAt + 100)).toBe(true);
      expect(await store().findById(passkey.id)).toEqual({ ...passkey, counter: 7, backedUp: false, lastUsedAt: passkey.createdAt + 100 });
      expect(await store().recordUse(uniqueHash(), 1, true, 1)).toBe(false);
    });

    it('removeAllForUser deletes every passkey of that user only', async () => {
      const userId = uniqueId('user');
      await store().add(samplePasskey({ userId }));
      await store().add(samplePasskey({ userId }));
      const other = samplePasskey();
      await store().add(other);
      expect(await store().removeAllForUser(userId)).toBe(2);
      expect(await store().listByUser(userId)).toEqual([]);
      expect(await store().findById(other.id)).toEqual(other);
    });

    it('a challenge is consumed once; concurrent consumers: exactly one gets it', async () => {
      const challenge = sampleChallenge({ purpose: 'registration', userId: uniqueId('user') });
      await store().saveChallenge(challenge);
      expect(await store().consumeChallenge(challenge.idHash, Date.now())).toEqual(challenge);
      expect(await store().consumeChallenge(challenge.idHash, Date.now())).toBeNull();

      const raced = sampleChallenge();
      await store().saveChallenge(raced);
      const results = await Promise.all(Array.from({ length: 12 }, () => store().consumeChallenge(raced.idHash, Date.now())));
      expect(results.filter((r) => r !== null)).toEqual([raced]);
    });

    it('an expired challenge is not returned', async () => {
      const challenge = sampleChallenge();
      await store().saveChallenge(challenge);
      expect(await store().consumeChallenge(challenge.idHash, challenge.expiresAt + 1)).toBeNull();
      expect(await store().consumeChallenge(uniqueHash(), Date.now())).toBeNull();
    });
  });
}
