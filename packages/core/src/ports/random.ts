import { randomBytes } from 'node:crypto';

/** Injected source of randomness (tests may make it deterministic). Must be a CSPRNG in production. */
export interface Random {
  bytes(length: number): Uint8Array;
}

export const systemRandom: Random = { bytes: (length) => randomBytes(length) };
