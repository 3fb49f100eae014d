import type { SigningKeyRecord } from '@tessera/core';

/** `next`: published, not signing yet; `active`: signs new tokens; `retiring`: no longer signs, still published. */
export type SigningKeyState = 'next' | 'active' | 'retiring';

/**
 * The state of every published key at `now`, oldest first. The active keys are those
 * `KeyManager.signingKey` picks, one per algorithm (access tokens; ID tokens): the newest
 * generation of that algorithm whose activation time has come and that has not retired; keys past
 * their retirement are left out (they are no longer published).
 */
export function signingKeyStates(records: readonly SigningKeyRecord[], now: number): { record: SigningKeyRecord; state: SigningKeyState }[] {
  const published = records.filter((k) => k.retiresAt === null || k.retiresAt > now).sort((a, b) => a.generation - b.generation);
  // An algorithm is in use while one of its keys is not scheduled to retire (a TESSERA_JWT_ALG
  // change schedules every key of the old one).
  const inUse = new Set(published.filter((k) => k.retiresAt === null).map((k) => k.alg));
  const active = new Set([...inUse].map((alg) => published.filter((k) => k.alg === alg && k.activatesAt <= now).at(-1)));
  return published.map((record) => ({
    record,
    state: record.activatesAt > now ? 'next' : active.has(record) ? 'active' : 'retiring',
  }));
}
