import type { UserStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleUser, uniqueId } from './sample-records.js';

/** The `UserStore` port: round trips, unique emails, password updates. */
export function userStoreContract(backend: string, h: Harness<UserStore>): void {
  describe(`UserStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('stores a user and finds it by id and by email', async () => {
      const user = sampleUser();
      await store().create(user);
      expect(await store().findById(user.id)).toEqual(user);
      expect(await store().findByEmail(user.email)).toEqual(user);
    });

    it('answers null for an unknown id or email', async () => {
      expect(await store().findById(uniqueId('user'))).toBeNull();
      expect(await store().findByEmail(`${uniqueId('nobody')}@example.test`)).toBeNull();
    });

    it('refuses a taken email with EmailTakenError and changes nothing', async () => {
      const first = sampleUser();
      await store().create(first);
      const second = sampleUser({ email: first.email, passwordHash: '$argon2id$other' });
      await expect(store().create(second)).rejects.toMatchObject({ code: 'email_taken' });
      expect(await store().findById(second.id)).toBeNull();
      expect(await store().findById(first.id)).toEqual(first);
      expect(await store().findByEmail(first.email)).toEqual(first);
    });

    it('lets exactly one of many concurrent sign-ups with one email win', async () => {
      const email = sampleUser().email;
      const users = Array.from({ length: 10 }, () => sampleUser({ email }));
      const results = await Promise.allSettled(users.map((u) => store().create(u)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [users[i]!] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'email_taken' });
      expect(await store().findByEmail(email)).toEqual(won[0]);
    });

    it('updates the password hash and its timestamps', async () => {
      const user = sampleUser();
      await store().create(user);
      const changedAt = user.createdAt + 5_000;
      expect(await store().updatePassword(user.id, '$argon2id$new-hash', changedAt)).toBe(true);
      expect(await store().findById(user.id)).toEqual({
        ...user,
        passwordHash: '$argon2id$new-hash',
        passwordChangedAt: changedAt,
        updatedAt: changedAt,
      });
      expect((await store().findByEmail(user.email))?.passwordHash).toBe('$argon2id$new-hash');
    });

    it('answers false when updating the password of an unknown user', async () => {
      expect(await store().updatePassword(uniqueId('user'), '$argon2id$x', Date.now())).toBe(false);
    });
  });
}
