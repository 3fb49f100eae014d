import type { SigningKeyRecord } from '@tessera/core';
import { describe, expect, it } from 'vitest';
import { signingKeyStates } from '../../src/cli/signing-key-states.js';

const key = (generation: number, alg: SigningKeyRecord['alg'], activatesAt: number, retiresAt: number | null): SigningKeyRecord => ({
  kid: `k${generation}`,
  alg,
  publicJwk: {},
  privateJwk: {},
  generation,
  createdAt: 0,
  activatesAt,
  retiresAt,
});

describe('tessera keys list states', () => {
  const now = 1_000;
  const states = (records: SigningKeyRecord[]) => signingKeyStates(records, now).map(({ record, state }) => `${record.kid}:${state}`);

  it('one active key per algorithm in use (access tokens and ID tokens)', () => {
    expect(states([key(1, 'ES256', 0, null), key(2, 'RS256', 0, null)])).toEqual(['k1:active', 'k2:active']);
  });

  it('a staged rotation: the old key signs until the next activates', () => {
    expect(states([key(1, 'ES256', 0, 5_000), key(2, 'ES256', 2_000, null)])).toEqual(['k1:active', 'k2:next']);
  });

  it('after an algorithm change the old algorithm\'s key only retires', () => {
    expect(states([key(1, 'EdDSA', 0, 5_000), key(2, 'ES256', 500, null), key(3, 'RS256', 600, null)])).toEqual(['k1:retiring', 'k2:active', 'k3:active']);
  });
});
