import type { DenylistEntry, DenylistStore } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { hourMs, minuteMs, uniqueId } from './sample-records.js';

/** The `DenylistStore` port: refusal by `jti` or `sid`, judged at the `now` the caller passes. */
export function denylistStoreContract(backend: string, h: Harness<DenylistStore>): void {
  describe(`DenylistStore contract (${backend})`, () => {
    const store = useHarness(h);

    it('a jti entry denies that token, with or without a sid, and no other', async () => {
      const now = Date.now();
      const jti = uniqueId('jti');
      await store().add({ kind: 'jti', value: jti, expiresAt: now + 10 * minuteMs });
      expect(await store().isDenied(jti, undefined, now)).toBe(true);
      expect(await store().isDenied(jti, uniqueId('sid'), now)).toBe(true);
      expect(await store().isDenied(uniqueId('jti'), undefined, now)).toBe(false);
    });

    it('a sid entry denies every token carrying that sid', async () => {
      const now = Date.now();
      const sid = uniqueId('sid');
      await store().add({ kind: 'sid', value: sid, expiresAt: now + 10 * minuteMs });
      expect(await store().isDenied(uniqueId('jti'), sid, now)).toBe(true);
      expect(await store().isDenied(uniqueId('jti'), sid, now)).toBe(true);
      expect(await store().isDenied(uniqueId('jti'), uniqueId('sid'), now)).toBe(false);
      expect(await store().isDenied(uniqueId('jti'), undefined, now)).toBe(false);
    });

    it('keeps jti and sid apart: a value listed as one kind does not deny as the other', async () => {
      const now = Date.now();
      const value = uniqueId('value');
      await store().add({ kind: 'sid', value, expiresAt: now + 10 * minuteMs });
      expect(await store().isDenied(value, undefined, now)).toBe(false);
      const jti = uniqueId('value');
      await store().add({ kind: 'jti', value: jti, expiresAt: now + 10 * minuteMs });
      expect(await store().isDenied(uniqueId('jti'), jti, now)).toBe(false);
    });

    it('an entry stops denying at its expiresAt, judged by `now`', async () => {
      const now = Date.now();
      const jti = uniqueId('jti');
      const sid = uniqueId('sid');
      const expiresAt = now + 10 * minuteMs;
      await store().add({ kind: 'jti', value: jti, expiresAt });
      await store().add({ kind: 'sid', value: sid, expiresAt });
      expect(await store().isDenied(jti, undefined, expiresAt - 1)).toBe(true);
      expect(await store().isDenied(uniqueId('jti'), sid, expiresAt - 1)).toBe(true);
      expect(await store().isDenied(jti, undefined, expiresAt)).toBe(false);
      expect(await store().isDenied(uniqueId('jti'), sid, expiresAt + hourMs)).toBe(false);
    });

    it('adding an entry again extends it, and never shortens it', async () => {
      const now = Date.now();
      const sid = uniqueId('sid');
      await store().add({ kind: 'sid', value: sid, expiresAt: now + 10 * minuteMs });
      await store().add({ kind: 'sid', value: sid, expiresAt: now + 20 * minuteMs });
      expect(await store().isDenied(uniqueId('jti'), sid, now + 15 * minuteMs)).toBe(true);
      await store().add({ kind: 'sid', value: sid, expiresAt: now + 5 * minuteMs });
      expect(await store().isDenied(uniqueId('jti'), sid, now + 15 * minuteMs)).toBe(true);
      expect(await store().isDenied(uniqueId('jti'), sid, now + 20 * minuteMs)).toBe(false);
    });

    it('listActive returns the entries unexpired at `now`, with their expiry', async () => {
      const now = Date.now();
      const live: DenylistEntry[] = [
        { kind: 'jti', value: uniqueId('jti'), expiresAt: now + hourMs },
        { kind: 'sid', value: uniqueId('sid'), expiresAt: now + 2 * hourMs },
      ];
      const expiring: DenylistEntry[] = [
        { kind: 'jti', value: uniqueId('jti'), expiresAt: now + minuteMs },
        { kind: 'sid', value: uniqueId('sid'), expiresAt: now + 2 * minuteMs },
      ];
      for (const entry of [...live, ...expiring]) await store().add(entry);

      const ours = new Set([...live, ...expiring].map((e) => `${e.kind}:${e.value}`));
      const byValue = (a: DenylistEntry, b: DenylistEntry) => a.value.localeCompare(b.value);
      const beforeAnyExpiry = (await store().listActive(now)).filter((e) => ours.has(`${e.kind}:${e.value}`));
      expect(beforeAnyExpiry.sort(byValue)).toEqual([...live, ...expiring].sort(byValue));
      // Later `now`: the two short entries are over (a store may forget them for good at this point).
      const active = (await store().listActive(now + 10 * minuteMs)).filter((e) => ours.has(`${e.kind}:${e.value}`));
      expect(active.sort(byValue)).toEqual([...live].sort(byValue));
    });
  });
}
