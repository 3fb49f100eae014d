import { readFileSync } from 'node:fs';
import { compactVerify, createLocalJWKSet } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateGoldenTokens, GOLDEN_FIXTURE_URL, type GoldenTokens } from './golden-token-vectors.js';

// Deterministic signatures (RFC 8032 Ed25519, RFC 8017 PKCS#1 v1.5) must match byte for byte.
// ECDSA and RSA-PSS are randomised: their vectors must keep header and payload and still verify.
const DETERMINISTIC = new Set(['EdDSA', 'RS256']);

const signingInput = (token: string): string => token.slice(0, token.lastIndexOf('.'));

describe('golden token vectors (verify/test/fixtures/golden-tokens.json)', () => {
  const committed = JSON.parse(readFileSync(GOLDEN_FIXTURE_URL, 'utf8')) as GoldenTokens;

  it('cover every algorithm core signs with, for access tokens and SETs', () => {
    const algs = ['EdDSA', 'ES256', 'RS256', 'PS256'];
    expect([...new Set(committed.accessTokens.map((vector) => vector.alg))].sort()).toEqual(algs.sort());
    expect([...new Set(committed.securityEventTokens.map((vector) => vector.alg))].sort()).toEqual(algs.sort());
  });

  it('are what core signs today (regenerate with write-golden-tokens.ts when a change is meant)', async () => {
    const fresh = await generateGoldenTokens();
    const tokensOf = (vectors: GoldenTokens) => [...vectors.accessTokens, ...vectors.securityEventTokens];
    // Everything but the randomised signatures is equal.
    const withoutSignatures = (vectors: GoldenTokens) => ({
      ...vectors,
      accessTokens: vectors.accessTokens.map((vector) => ({ ...vector, token: signingInput(vector.token) })),
      securityEventTokens: vectors.securityEventTokens.map((vector) => ({ ...vector, token: signingInput(vector.token) })),
    });
    expect(withoutSignatures(fresh)).toEqual(withoutSignatures(committed));
    const jwks = createLocalJWKSet(committed.jwks);
    const pairs = tokensOf(fresh).map((vector, i) => [vector, tokensOf(committed)[i]!] as const);
    for (const [now, before] of pairs) {
      if (DETERMINISTIC.has(now.alg)) expect(now.token, `${now.alg} signature`).toBe(before.token);
      else await expect(compactVerify(before.token, jwks, { algorithms: [before.alg] })).resolves.toBeDefined();
    }
  });
});
