import type { UserStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { sampleUser, uniqueId } from './sample-records.js';

/** The `UserStore` port: round trips, unique emails, password updates, listing, disabling, removal. */
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

    it('keeps a disabled date, and clears it again', async () => {
      const user = sampleUser();
      await store().create(user);
      const disabledAt = user.createdAt + 1_000;
      expect(await store().setDisabledAt(user.id, disabledAt, disabledAt)).toBe(true);
      expect(await store().findByEmail(user.email)).toEqual({ ...user, disabledAt, updatedAt: disabledAt });
      expect(await store().setDisabledAt(user.id, null, disabledAt + 1)).toBe(true);
      expect(await store().findById(user.id)).toEqual({ ...user, disabledAt: null, updatedAt: disabledAt + 1 });
      expect(await store().setDisabledAt(uniqueId('user'), disabledAt, disabledAt)).toBe(false);
    });

    it('removes a user, freeing the email; removing again answers false', async () => {
      const user = sampleUser();
      await store().create(user);
      expect(await store().remove(user.id)).toBe(true);
      expect(await store().findById(user.id)).toBeNull();
      expect(await store().findByEmail(user.email)).toBeNull();
      expect(await store().remove(user.id)).toBe(false);
      await store().create(sampleUser({ email: user.email }));
    });

    it('lists users matching a search, paged by the last id, without repeats or gaps', async () => {
      const tag = uniqueId('list').toLowerCase();
      const users = Array.from({ length: 5 }, (_, i) => sampleUser({ email: `${tag}-${i}@example.test` }));
      for (const u of users) await store().create(u);
      await store().create(sampleUser());
      const pages: string[][] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store().list({ search: tag.toUpperCase(), limit: 2, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        pages.push(page.map((u) => u.id));
        after = page.at(-1)!.id;
      }
      expect(pages.flat().sort()).toEqual(users.map((u) => u.id).sort());
      expect(new Set(pages.flat()).size).toBe(5);
      expect(pages).toHaveLength(3);
      const all = await store().list({ search: tag, limit: 10 });
      expect(all.map((u) => u.id)).toEqual(pages.flat());
      expect(all).toContainEqual(users[0]);
    });

    it('matches the search text literally, not as a LIKE pattern', async () => {
      const tag = uniqueId('like').toLowerCase();
      const plain = sampleUser({ email: `${tag}-ab@example.test` });
      const percent = sampleUser({ email: `${tag}%_@example.test` });
      await store().create(plain);
      await store().create(percent);
      expect((await store().list({ search: `${tag}%_`, limit: 10 })).map((u) => u.email)).toEqual([percent.email]);
      expect((await store().list({ search: `${tag}-__@`, limit: 10 }))).toEqual([]);
    });
  });
}
