import type { SigningKeyRecord } from '@tessera/core';

/** `next`: published, not signing yet; `active`: signs new tokens; `retiring`: no longer signs, still published. */
export type SigningKeyState = 'next' | 'active' | 'retiring';

/**
 * The state of every published key at `now`, oldest first. The active key is the one
 * `KeyManager.signingKey` picks: the newest generation whose activation time has come and that
 * has not retired; keys past their retirement are left out (they are no longer published).
 */
export function signingKeyStates(records: readonly SigningKeyRecord[], now: number): { record: SigningKeyRecord; state: SigningKeyState }[] {
  const published = records.filter((k) => k.retiresAt === null || k.retiresAt > now).sort((a, b) => a.generation - b.generation);
  const active = published.filter((k) => k.activatesAt <= now).at(-1);
  return published.map((record) => ({
    record,
    state: record.activatesAt > now ? 'next' : record === active ? 'active' : 'retiring',
  }));
}
