import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../src/index.js';
import { DEFAULT_ASYMMETRIC_ALGORITHMS } from '../src/jws/algorithms.js';
import { KeySet } from '../src/keys/key-set.js';
import { verifyRevocationEvent } from '../src/revocation/verify-security-event-token.js';
import { VerifierStats } from '../src/verifier-metrics.js';

/**
 * Tokens that @tessera/core signed (packages/core/test/golden/write-golden-tokens.ts), with the
 * claims core meant. Verify must accept every one at the fixed time and read the same claims: the
 * two packages keep separate copies of the vocabulary (verify is jose-only), and this is what
 * keeps the copies saying the same thing. Core's own test checks the fixture is still what it signs.
 */
interface GoldenTokens {
  issuer: string;
  audience: string;
  streamClient: string;
  verifyAtMs: number;
  jwks: JSONWebKeySet;
  accessTokens: { alg: string; token: string; expected: Record<string, unknown> }[];
  securityEventTokens: { alg: string; eventId: string; token: string; expected: Record<string, unknown> & { issuedAtMs: number } }[];
}

const golden = JSON.parse(readFileSync(new URL('./fixtures/golden-tokens.json', import.meta.url), 'utf8')) as GoldenTokens;

describe('golden tokens signed by @tessera/core', () => {
  const verifierAt = (ms: number) =>
    createVerifier({ issuer: golden.issuer, audience: golden.audience, keys: golden.jwks, clock: { now: () => ms } });

  it.each(golden.accessTokens.map((vector) => [vector.alg, vector] as const))('verifies a %s access token with the claims core meant', async (_alg, vector) => {
    const claims = await verifierAt(golden.verifyAtMs).verify(vector.token);
    expect(claims).toEqual(vector.expected);
  });

  it('refuses them once they have expired (the fixed times are the ones verified)', async () => {
    const verifier = verifierAt(golden.verifyAtMs + 3_600_000);
    for (const vector of golden.accessTokens) await expect(verifier.verify(vector.token)).rejects.toMatchObject({ code: 'token_expired' });
  });

  it.each(golden.securityEventTokens.map((vector) => [vector.alg, vector.expected.kind, vector] as const))(
    'reads a %s %s revocation event as core meant it',
    async (_alg, _kind, vector) => {
      const keys = new KeySet({
        load: () => Promise.resolve({ document: golden.jwks }),
        reloadable: false,
        cooldownMs: 0,
        maxAgeMs: Number.POSITIVE_INFINITY,
        allowed: new Set(DEFAULT_ASYMMETRIC_ALGORITHMS),
        clock: { now: () => golden.verifyAtMs },
        stats: new VerifierStats(),
      });
      await keys.ready();
      const rules = { issuer: golden.issuer, algorithms: new Set<string>(DEFAULT_ASYMMETRIC_ALGORITHMS), keys, audience: golden.streamClient };
      const { entry, issuedAtMs } = await verifyRevocationEvent(vector.token, vector.eventId, rules, golden.verifyAtMs);
      const { issuedAtMs: expectedIssuedAt, ...expectedEntry } = vector.expected;
      expect(entry).toEqual(expectedEntry);
      expect(issuedAtMs).toBe(expectedIssuedAt);
    },
  );
});
