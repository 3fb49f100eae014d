import { randomBytes } from 'node:crypto';
import type { KeyStore, SigningKeyRecord } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from './harness.js';
import { hourMs, minuteMs, sampleSigningKey, uniqueGeneration, uniqueId } from './sample-records.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * The `KeyStore` port: signing keys guarded by a unique generation (N instances starting at once
 * make one key), retirement, and server secrets every instance agrees on.
 */
export function keyStoreContract(backend: string, h: Harness<KeyStore>): void {
  describe(`KeyStore contract (${backend})`, () => {
    const store = useHarness(h);

    async function ours(keys: SigningKeyRecord[]): Promise<SigningKeyRecord[]> {
      const kids = new Set(keys.map((k) => k.kid));
      return (await store().listSigningKeys()).filter((k) => kids.has(k.kid));
    }

    it('inserts a key and lists it with its JWKs intact', async () => {
      const key = sampleSigningKey(uniqueGeneration(), { alg: 'ES256', retiresAt: Date.now() + 24 * hourMs });
      expect(await store().insertSigningKey(key)).toBe(true);
      expect(await ours([key])).toEqual([key]);
    });

    it('refuses a second key of the same generation', async () => {
      const generation = uniqueGeneration();
      const first = sampleSigningKey(generation);
      const second = sampleSigningKey(generation);
      expect(await store().insertSigningKey(first)).toBe(true);
      expect(await store().insertSigningKey(second)).toBe(false);
      expect(await ours([first, second])).toEqual([first]);
    });

    it('lets exactly one of 10 concurrent inserts of one generation win', async () => {
      const generation = uniqueGeneration();
      const keys = Array.from({ length: 10 }, () => sampleSigningKey(generation));
      const results = await Promise.all(keys.map((k) => store().insertSigningKey(k)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = keys[results.indexOf(true)];
      expect(await ours(keys)).toEqual([winner]);
      expect((await store().listSigningKeys()).filter((k) => k.generation === generation)).toEqual([winner]);
    });

    it('lists keys oldest generation first', async () => {
      const generation = uniqueGeneration();
      const newer = sampleSigningKey(generation + 2);
      const older = sampleSigningKey(generation);
      const middle = sampleSigningKey(generation + 1);
      for (const k of [newer, older, middle]) expect(await store().insertSigningKey(k)).toBe(true);
      expect(await ours([newer, older, middle])).toEqual([older, middle, newer]);
      const generations = (await store().listSigningKeys()).map((k) => k.generation);
      expect(generations).toEqual([...generations].sort((x, y) => x - y));
    });

    it('setRetiresAt schedules retirement; an unknown kid is a no-op', async () => {
      const key = sampleSigningKey(uniqueGeneration());
      await store().insertSigningKey(key);
      const retiresAt = Date.now() + hourMs;
      await store().setRetiresAt(key.kid, retiresAt);
      expect(await ours([key])).toEqual([{ ...key, retiresAt }]);
      await expect(store().setRetiresAt(uniqueId('kid'), retiresAt)).resolves.toBeUndefined();
    });

    it('deleteRetired deletes the keys retired before `now` and counts them', async () => {
      const now = Date.now();
      const generation = uniqueGeneration();
      const retired = sampleSigningKey(generation, { retiresAt: now + minuteMs });
      const retiring = sampleSigningKey(generation + 1, { retiresAt: now + 24 * hourMs });
      const current = sampleSigningKey(generation + 2);
      for (const k of [retired, retiring, current]) await store().insertSigningKey(k);
      expect(await store().deleteRetired(now + 10 * minuteMs)).toBeGreaterThanOrEqual(1);
      expect(await ours([retired, retiring, current])).toEqual([retiring, current]);
    });

    it('getOrCreateSecret stores the first candidate and returns it to every later caller', async () => {
      const name = uniqueId('secret');
      const candidate = new Uint8Array(randomBytes(32));
      const first = await store().getOrCreateSecret(name, candidate);
      expect(first).toBeInstanceOf(Uint8Array);
      expect(hex(first)).toBe(hex(candidate));
      const later = await store().getOrCreateSecret(name, new Uint8Array(randomBytes(32)));
      expect(hex(later)).toBe(hex(candidate));
      const otherName = await store().getOrCreateSecret(uniqueId('secret'), new Uint8Array(randomBytes(32)));
      expect(hex(otherName)).not.toBe(hex(candidate));
    });

    it('getOrCreateSecret hands every concurrent caller the same bytes', async () => {
      const name = uniqueId('secret');
      const candidates = Array.from({ length: 10 }, () => new Uint8Array(randomBytes(32)));
      const results = (await Promise.all(candidates.map((c) => store().getOrCreateSecret(name, c)))).map(hex);
      expect(new Set(results).size).toBe(1);
      expect(candidates.map(hex)).toContain(results[0]);
      expect(hex(await store().getOrCreateSecret(name, new Uint8Array(32)))).toBe(results[0]);
    });

    it('does not let callers change a secret through the bytes they were given', async () => {
      const name = uniqueId('secret');
      const candidate = new Uint8Array(randomBytes(32));
      const expected = hex(candidate);
      const given = await store().getOrCreateSecret(name, candidate);
      candidate.fill(0);
      given.fill(0);
      expect(hex(await store().getOrCreateSecret(name, new Uint8Array(32)))).toBe(expected);
    });
  });
}
