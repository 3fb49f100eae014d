import { describe, expect, it } from 'vitest';
import { createVerifier, VerifyError } from '../../src/index.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';
import { generateTestKey } from '../support/keys.js';
import { accessToken, AUDIENCE, fixedClock, ISSUER } from '../support/tokens.js';

// RFC 9864: `Ed25519` is the fully specified name of `EdDSA` over an Ed25519 key. Pinning either
// name pins that one algorithm, so a token labelled with the other name is the same algorithm.
describe('algorithms: Ed25519 is an alias of EdDSA', () => {
  const ed = generateTestKey('EdDSA');
  const es = generateTestKey('ES256');
  const verifierPinnedTo = (algorithms: ('EdDSA' | 'Ed25519' | 'ES256')[]) =>
    createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: new FakeAuthorizationServer([ed.jwk, es.jwk]).fetch, clock: fixedClock(), algorithms });

  it.each([
    [['Ed25519'], 'EdDSA'],
    [['Ed25519'], 'Ed25519'],
    [['EdDSA'], 'Ed25519'],
    [['EdDSA'], 'EdDSA'],
  ] as const)('pinned to %j, accepts a token labelled %s', async (algorithms, label) => {
    const claims = await verifierPinnedTo([...algorithms]).verify(accessToken(ed, {}, { alg: label }));
    expect(claims.sub).toBe('user-1');
  });

  it.each(['EdDSA', 'Ed25519'])('pinned to ES256, refuses a token labelled %s', async (label) => {
    const refusal = await verifierPinnedTo(['ES256']).verify(accessToken(ed, {}, { alg: label })).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(VerifyError);
    expect((refusal as VerifyError).code).toBe('unsupported_algorithm');
  });

  it('pinned to Ed25519, refuses an ES256 token', async () => {
    const refusal = await verifierPinnedTo(['Ed25519']).verify(accessToken(es)).catch((error: unknown) => error);
    expect((refusal as VerifyError).code).toBe('unsupported_algorithm');
  });
});
