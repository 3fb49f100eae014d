import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { audienceMatches, checkAccessTokenClaims, scopeSet } from '../src/access-token-claims.js';
import { createVerifier } from '../src/index.js';
import { generateTestKey } from './support/keys.js';
import { AUDIENCE, ISSUER, NOW_MS, NOW_S } from './support/tokens.js';

/** A small deterministic generator, so a failure names a reproducible case. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('claim semantics match jose.jwtVerify (differential)', () => {
  it('accepts and refuses exactly the same 400 generated claim sets', async () => {
    const key = generateTestKey('ES256');
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [key.jwk] }, clock: { now: () => NOW_MS + 400 } });
    const random = lcg(7);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const offsets = [-3600, -7, -6, -5, -4, -1, 0, 1, 4, 5, 6, 7, 3600];
    let accepted = 0;
    for (let i = 0; i < 400; i++) {
      const payload: JWTPayload = { sub: 'u', jti: `j${i}`, client_id: 'c', scope: 'a' };
      payload.iss = pick([ISSUER, `${ISSUER}/`, 'https://other.test', undefined]);
      payload.aud = pick([AUDIENCE, [AUDIENCE, 'x'], ['x'], 'x', undefined]);
      payload.exp = NOW_S + pick(offsets);
      payload.iat = NOW_S + pick(offsets);
      if (random() < 0.5) payload.nbf = NOW_S + pick(offsets);
      const token = await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }).sign(key.privateKey);
      const ours = await verifier.verify(token).then(
        () => true,
        () => false,
      );
      const theirs = await jwtVerify(token, key.publicKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        clockTolerance: 5,
        currentDate: new Date(NOW_MS + 400),
        maxTokenAge: '100 years',
        requiredClaims: ['exp', 'iat', 'sub', 'jti', 'client_id'],
      }).then(
        () => true,
        () => false,
      );
      expect({ i, payload, ours }).toEqual({ i, payload, ours: theirs });
      if (ours) accepted++;
    }
    expect(accepted).toBeGreaterThan(10);
  });
});

describe('checkAccessTokenClaims details', () => {
  const rules = { issuer: ISSUER, audiences: [AUDIENCE], clockToleranceSeconds: 0 };
  const base = { iss: ISSUER, aud: AUDIENCE, exp: NOW_S + 1, iat: NOW_S, sub: 's', jti: 'j', client_id: 'c' };

  it('treats exp as exclusive (RFC 7519 §4.1.4: on or after exp, the token is refused)', () => {
    expect(() => checkAccessTokenClaims({ ...base, exp: NOW_S }, rules, NOW_S)).toThrow(expect.objectContaining({ code: 'token_expired' }));
    expect(checkAccessTokenClaims(base, rules, NOW_S).exp).toBe(NOW_S + 1);
  });

  it('matches audiences exactly, in strings and arrays', () => {
    expect(audienceMatches('orders', ['orders'])).toBe(true);
    expect(audienceMatches(['a', 'orders'], ['orders'])).toBe(true);
    expect(audienceMatches(['a', 1, null], ['orders'])).toBe(false);
    expect(audienceMatches('Orders', ['orders'])).toBe(false);
    expect(audienceMatches(undefined, ['orders'])).toBe(false);
  });

  it('splits scope on single spaces and ignores empty tokens', () => {
    expect([...scopeSet('a  b c')]).toEqual(['a', 'b', 'c']);
    expect(scopeSet(undefined).size).toBe(0);
  });
});
