import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, VerifyError, type VerifierOptions } from '../src/index.js';
import { FakeAuthorizationServer } from './support/fake-authorization-server.js';
import { ASYMMETRIC_ALGS, compactJws, generateTestKey, randomSecret, signBytes, type TestKey } from './support/keys.js';
import { accessClaims, accessToken, AUDIENCE, fixedClock, ISSUER, NOW_S } from './support/tokens.js';
import { setTimeout as sleep } from 'node:timers/promises';

async function refusal(promise: Promise<unknown>): Promise<VerifyError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(VerifyError);
    return error as VerifyError;
  }
  throw new Error('expected a refusal');
}

const keys = new Map<string, TestKey>();
beforeAll(() => {
  for (const alg of ASYMMETRIC_ALGS) keys.set(alg, generateTestKey(alg));
});
const key = (alg: string): TestKey => keys.get(alg)!;

function setup(extra: Partial<VerifierOptions> = {}) {
  const server = new FakeAuthorizationServer([...keys.values()].map((k) => k.jwk));
  const clock = fixedClock();
  const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: server.fetch, clock, ...extra });
  return { server, clock, verifier };
}

describe('createVerifier: accepted tokens', () => {
  it.each(ASYMMETRIC_ALGS)('verifies a %s token found through discovery and the JWKS', async (alg) => {
    const { verifier, server } = setup();
    const claims = await verifier.verify(accessToken(key(alg)));
    expect(claims).toMatchObject({ sub: 'user-1', aud: AUDIENCE, scope: 'orders:read profile', sid: 'sid-1' });
    expect(server.requests).toEqual([`${ISSUER}/.well-known/oauth-authorization-server`, `${ISSUER}/.well-known/jwks.json`]);
  });

  it.each(ASYMMETRIC_ALGS)('accepts a %s token signed by jose (as the Tessera server signs them)', async (alg) => {
    const { verifier } = setup();
    const k = key(alg);
    const token = await new SignJWT({ client_id: 'c', scope: 'a b', sid: 's' })
      .setProtectedHeader({ alg, typ: 'at+jwt', kid: k.kid })
      .setIssuer(ISSUER)
      .setSubject('u')
      .setAudience([AUDIENCE, 'billing'])
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 60)
      .setJti('j')
      .sign(k.privateKey);
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u', client_id: 'c' });
  });

  it('accepts typ "application/at+jwt" in any casing (RFC 9068 §4)', async () => {
    const { verifier } = setup();
    await expect(verifier.verify(accessToken(key('EdDSA'), {}, { typ: 'Application/AT+JWT' }))).resolves.toBeDefined();
  });

  it('accepts any one of several configured audiences', async () => {
    const { verifier } = setup({ audience: ['billing', AUDIENCE] });
    await expect(verifier.verify(accessToken(key('ES256')))).resolves.toBeDefined();
  });

  it('audience: false accepts any well-formed aud and leaves the check to the caller', async () => {
    const verifier = createVerifier({ issuer: ISSUER, audience: false, keys: { keys: [key('EdDSA').jwk] }, clock: fixedClock() });
    for (const aud of ['orders', 'billing', ['billing', 'orders']]) {
      await expect(verifier.verify(accessToken(key('EdDSA'), { aud }))).resolves.toMatchObject({ aud });
    }
    // Still required and well-formed (RFC 9068 §2.2); every other check still applies.
    for (const aud of [undefined, '', [], [''], ['orders', 7], 42]) {
      expect((await refusal(verifier.verify(accessToken(key('EdDSA'), { aud })))).code).toBe('token_malformed');
    }
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'), { iss: 'https://evil.test' })))).code).toBe('issuer_mismatch');
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'), { exp: NOW_S - 60 })))).code).toBe('token_expired');
  });

  it('uses a local JWKS with no network at all', async () => {
    const calls: string[] = [];
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { keys: [key('EdDSA').jwk] },
      clock: fixedClock(),
      fetch: async (url) => {
        calls.push(url);
        throw new Error('no network');
      },
    });
    await expect(verifier.verify(accessToken(key('EdDSA')))).resolves.toBeDefined();
    expect((await refusal(verifier.verify(accessToken(key('ES256'))))).code).toBe('unknown_key');
    expect(calls).toEqual([]);
  });

  it('re-reads a local key function when a kid is unknown (in-process key rotation)', async () => {
    let published = [key('EdDSA').jwk];
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: () => ({ keys: published }), jwksCooldownMs: 0, clock: fixedClock() });
    await verifier.verify(accessToken(key('EdDSA')));
    published = [key('EdDSA').jwk, key('RS256').jwk];
    await expect(verifier.verify(accessToken(key('RS256')))).resolves.toBeDefined();
  });

  it('verifies HS256 with a shared secret (single-service setup)', async () => {
    const secret = randomSecret();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, secret, clock: fixedClock() });
    const token = compactJws({ alg: 'HS256', typ: 'at+jwt' }, accessClaims(), (input) => signBytes('HS256', secret, input));
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
    const forged = compactJws({ alg: 'HS256', typ: 'at+jwt' }, accessClaims(), (input) => signBytes('HS256', randomSecret(), input));
    expect((await refusal(verifier.verify(forged))).code).toBe('invalid_signature');
  });

  it('verifySync checks the same things without I/O once keys are loaded', async () => {
    const { verifier } = setup();
    expect(() => verifier.verifySync(accessToken(key('EdDSA')))).toThrow(expect.objectContaining({ code: 'unknown_key' }));
    await verifier.ready();
    expect(verifier.verifySync(accessToken(key('EdDSA'))).sub).toBe('user-1');
    expect(() => verifier.verifySync(accessToken(key('EdDSA'), { exp: NOW_S - 100 }))).toThrow(expect.objectContaining({ code: 'token_expired' }));
  });
});

describe('createVerifier: refused claims', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['expired', { exp: NOW_S - 6 }, 'token_expired'],
    ['expired exactly at now - tolerance', { exp: NOW_S - 5 }, 'token_expired'],
    ['not yet valid', { nbf: NOW_S + 6 }, 'token_not_yet_valid'],
    ['issued in the future', { iat: NOW_S + 6 }, 'token_not_yet_valid'],
    ['wrong issuer', { iss: 'https://evil.test' }, 'issuer_mismatch'],
    ['issuer with a trailing slash', { iss: `${ISSUER}/` }, 'issuer_mismatch'],
    ['wrong audience', { aud: 'billing' }, 'audience_mismatch'],
    ['no audience', { aud: undefined }, 'audience_mismatch'],
    ['exp missing', { exp: undefined }, 'token_malformed'],
    ['exp a string', { exp: String(NOW_S + 60) }, 'token_malformed'],
    ['iat missing', { iat: undefined }, 'token_malformed'],
    ['sub missing', { sub: undefined }, 'token_malformed'],
    ['jti missing', { jti: undefined }, 'token_malformed'],
    ['client_id missing', { client_id: undefined }, 'token_malformed'],
    ['scope not a string', { scope: ['orders:read'] }, 'token_malformed'],
  ];
  it.each(cases)('%s → %s', async (_name, claims, code) => {
    const { verifier } = setup();
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'), claims))))).toMatchObject({ code });
  });

  it('accepts within the clock tolerance', async () => {
    const { verifier } = setup();
    await expect(verifier.verify(accessToken(key('EdDSA'), { exp: NOW_S - 4, nbf: NOW_S + 5, iat: NOW_S + 5 }))).resolves.toBeDefined();
  });

  it('honours a zero clock tolerance', async () => {
    const { verifier } = setup({ clockToleranceSeconds: 0 });
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'), { exp: NOW_S })))).code).toBe('token_expired');
    await expect(verifier.verify(accessToken(key('EdDSA'), { exp: NOW_S + 1 }))).resolves.toBeDefined();
  });

  it('requires scopes from the verifier and from the request (they add up)', async () => {
    const { verifier } = setup({ requiredScopes: ['orders:read'] });
    await expect(verifier.verify(accessToken(key('EdDSA')), { requiredScopes: ['profile'] })).resolves.toBeDefined();
    expect((await refusal(verifier.verify(accessToken(key('EdDSA')), { requiredScopes: ['orders:write'] }))).code).toBe('insufficient_scope');
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'), { scope: 'profile' })))).code).toBe('insufficient_scope');
    // Scope tokens are compared whole and case-sensitively (RFC 6749 §3.3).
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'), { scope: 'orders:reader ORDERS:READ' })))).code).toBe('insufficient_scope');
  });

  it('refuses a missing or empty token with token_missing', async () => {
    const { verifier } = setup();
    expect((await refusal(verifier.verify(undefined))).code).toBe('token_missing');
    expect((await refusal(verifier.verify(''))).code).toBe('token_missing');
  });

  it('never puts the token in an error message', async () => {
    const { verifier } = setup();
    const tokens = [
      accessToken(key('EdDSA'), { exp: NOW_S - 100 }),
      accessToken(key('EdDSA'), { aud: 'x' }),
      `${accessToken(key('EdDSA'))}x`,
      'opaque-session-id-123456',
      'a.b.c',
    ];
    for (const token of tokens) {
      const error = await refusal(verifier.verify(token));
      for (const part of token.split('.')) if (part.length > 3) expect(error.message).not.toContain(part);
    }
  });
});

describe('createVerifier: options', () => {
  const base = { issuer: ISSUER, audience: AUDIENCE };
  const invalid: [string, Record<string, unknown>][] = [
    ['no issuer', { audience: AUDIENCE }],
    ['issuer not a URL', { issuer: 'auth', audience: AUDIENCE }],
    ['no audience', { issuer: ISSUER }],
    ['empty audience list', { ...base, audience: [] }],
    ['alg none', { ...base, algorithms: ['none'] }],
    ['alg NONE', { ...base, algorithms: ['NONE'] }],
    ['unsupported alg', { ...base, algorithms: ['HS512'] }],
    ['HS256 without a secret', { ...base, algorithms: ['HS256'] }],
    ['a secret with RS256', { ...base, secret: randomSecret(), algorithms: ['RS256'] }],
    ['a short secret', { ...base, secret: 'short' }],
    ['an asymmetric key as secret', { ...base, secret: generateTestKey('EdDSA').publicKey }],
    ['secret and keys', { ...base, secret: randomSecret(), keys: { keys: [] } }],
    ['keys and jwksUri', { ...base, keys: { keys: [] }, jwksUri: 'https://x.test/jwks' }],
    ['keys not a JWKS', { ...base, keys: { nope: true } }],
    ['tolerance over 60 s', { ...base, clockToleranceSeconds: 61 }],
    ['negative tolerance', { ...base, clockToleranceSeconds: -1 }],
    ['scopes with spaces', { ...base, requiredScopes: ['a b'] }],
    ['cache without maxEntries', { ...base, cache: {} }],
    ['maxStaleness 0 without introspection', { ...base, maxStaleness: 0 }],
    ['numeric maxStaleness without revocations', { ...base, maxStaleness: 30 }],
    ['negative maxStaleness', { ...base, revocations: 'subscribe', maxStaleness: -1 }],
    ['bad revocations', { ...base, revocations: 'push' }],
    ['introspection without secret', { ...base, introspection: { clientId: 'a' } }],
    ['a typo', { ...base, audiences: ['x'] }],
    ['audience true', { ...base, audience: true }],
    ['revocationStream without subscribe', { ...base, revocationStream: { headers: { authorization: 'Bearer x' } } }],
    ['revocationStream with an unknown member', { ...base, revocations: 'subscribe', revocationStream: { url: 'https://x.test' } }],
    ['revocationStream header that is not a string', { ...base, revocations: 'subscribe', revocationStream: { headers: { authorization: 1 } } }],
    ['revocationStream header with CR LF', { ...base, revocations: 'subscribe', revocationStream: { headers: { authorization: 'a\r\nx-evil: 1' } } }],
    ['revocationStream header with a bad name', { ...base, revocations: 'subscribe', revocationStream: { headers: { 'bad name': 'x' } } }],
    ['revocationStream overriding last-event-id', { ...base, revocations: 'subscribe', revocationStream: { headers: { 'Last-Event-ID': '0' } } }],
    ['revocationStream overriding accept', { ...base, revocations: 'subscribe', revocationStream: { headers: { accept: '*/*' } } }],
    // audit finding 3: the stream authenticates its subscribers with the verifier's client.
    ['subscribe without client', { ...base, revocations: 'subscribe' }],
    ['revocationStream overriding authorization', { ...base, revocations: 'subscribe', client: { id: 'a', secret: 'b' }, revocationStream: { headers: { authorization: 'Bearer x' } } }],
    ['client without secret', { ...base, client: { id: 'a' } }],
    ['client with an unknown member', { ...base, client: { id: 'a', secret: 'b', scope: 'x' } }],
    ['credentials given twice', { ...base, client: { id: 'a', secret: 'b' }, introspection: { clientId: 'a', clientSecret: 'b' } }],
    ['introspection without any credentials', { ...base, introspection: {} }],
  ];
  it.each(invalid)('%s → TypeError at construction', (_name, options) => {
    expect(() => createVerifier(options as unknown as VerifierOptions)).toThrow(TypeError);
  });

  it('a per-request maxStaleness 0 without introspection is a TypeError', async () => {
    const { verifier } = setup();
    await expect(verifier.verify(accessToken(key('EdDSA')), { maxStaleness: 0 })).rejects.toThrow(TypeError);
  });
});

describe('verified-token cache', () => {
  it('serves repeated tokens without verifying again, and lets entries die at exp', async () => {
    const { verifier, clock } = setup({ cache: { maxEntries: 2 } });
    const token = accessToken(key('RS256'), { exp: NOW_S + 60 });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(verifier.metrics().cache).toMatchObject({ hits: 1, misses: 1, size: 1 });
    clock.advance(66_000);
    expect((await refusal(verifier.verify(token))).code).toBe('token_expired');
    expect(verifier.metrics().cache.size).toBe(0);
  });

  it('still checks per-request scopes on a hit', async () => {
    const { verifier } = setup({ cache: { maxEntries: 10 } });
    const token = accessToken(key('EdDSA'));
    await verifier.verify(token);
    expect((await refusal(verifier.verify(token, { requiredScopes: ['admin'] }))).code).toBe('insufficient_scope');
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const { verifier } = setup({ cache: { maxEntries: 2 } });
    const [a, b, c] = ['a', 'b', 'c'].map((jti) => accessToken(key('EdDSA'), { jti }));
    await verifier.verify(a);
    await verifier.verify(b);
    await verifier.verify(a); // a is now the most recent
    await verifier.verify(c); // evicts b
    const before = verifier.metrics().cache.hits;
    await verifier.verify(a);
    expect(verifier.metrics().cache.hits).toBe(before + 1);
    await verifier.verify(b);
    expect(verifier.metrics().cache.hits).toBe(before + 1);
  });

  it('drops an entry when its key leaves the key set, and re-verifies it', async () => {
    let published = [key('EdDSA').jwk, key('ES256').jwk];
    const clock = fixedClock();
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: () => ({ keys: published }),
      jwksCooldownMs: 0,
      jwksCacheMaxAgeMs: 1000,
      cache: { maxEntries: 10 },
      clock,
    });
    const withdrawn = accessToken(key('EdDSA'));
    const kept = accessToken(key('ES256'));
    await verifier.verify(withdrawn);
    await verifier.verify(kept);
    await verifier.verify(withdrawn);
    expect(verifier.metrics().cache.hits).toBe(1);
    // The key is withdrawn; cache hits alone drive the key set's reload.
    published = [key('ES256').jwk];
    clock.advance(1001);
    await verifier.verify(kept);
    await sleep(10);
    expect((await refusal(verifier.verify(withdrawn))).code).toBe('unknown_key');
    await expect(verifier.verify(kept)).resolves.toBeDefined();
    expect(verifier.metrics().cache.size).toBe(1);
  });

  it('keeps entries when the key set reloads unchanged', async () => {
    const clock = fixedClock();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: () => ({ keys: [key('EdDSA').jwk] }), jwksCacheMaxAgeMs: 1000, cache: { maxEntries: 10 }, clock });
    const token = accessToken(key('EdDSA'));
    await verifier.verify(token);
    clock.advance(1001);
    await verifier.verify(token);
    await sleep(10);
    await verifier.verify(token);
    expect(verifier.metrics().cache).toMatchObject({ hits: 2, misses: 1 });
    expect(verifier.metrics().jwks.fetches).toBe(2);
  });

  it('does not cache refusals', async () => {
    const { verifier } = setup({ cache: { maxEntries: 10 } });
    const token = accessToken(key('EdDSA'), { aud: 'billing' });
    await refusal(verifier.verify(token));
    expect(verifier.metrics().cache.size).toBe(0);
  });
});

describe('metrics', () => {
  it('counts accepted and refused tokens by code', async () => {
    const { verifier } = setup();
    await verifier.verify(accessToken(key('EdDSA')));
    await refusal(verifier.verify(accessToken(key('EdDSA'), { aud: 'x' })));
    await refusal(verifier.verify(undefined));
    const metrics = verifier.metrics();
    expect(metrics.verified).toBe(1);
    expect(metrics.failed.audience_mismatch).toBe(1);
    expect(metrics.failed.token_missing).toBe(1);
    expect(metrics.jwks).toMatchObject({ fetches: 1, failures: 0, keys: 4 });
  });
});

describe('JWKS discovery', () => {
  it('uses jwksUri directly when given (no discovery)', async () => {
    const { server } = setup();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: server.fetch, clock: fixedClock(), jwksUri: `${ISSUER}/.well-known/jwks.json` });
    await verifier.verify(accessToken(key('PS256')));
    expect(server.requests).toEqual([`${ISSUER}/.well-known/jwks.json`]);
  });

  it('refuses metadata that names another issuer (RFC 8414 §3.3)', async () => {
    const server = new FakeAuthorizationServer([key('EdDSA').jwk], ISSUER);
    const lying: typeof server.fetch = async (url, init) => {
      if (url.endsWith('oauth-authorization-server')) return Response.json({ issuer: 'https://evil.test', jwks_uri: `${ISSUER}/.well-known/jwks.json` });
      return server.fetch(url, init);
    };
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: lying, clock: fixedClock() });
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'))))).code).toBe('jwks_unavailable');
  });

  it('answers jwks_unavailable when the JWKS cannot be fetched, and recovers', async () => {
    const { verifier, server, clock } = setup();
    server.jwksStatus = 503;
    expect((await refusal(verifier.verify(accessToken(key('EdDSA'))))).code).toBe('jwks_unavailable');
    server.jwksStatus = 200;
    clock.advance(1001);
    await expect(verifier.verify(accessToken(key('EdDSA')))).resolves.toBeDefined();
  });

  it('ignores JWKS entries it must not use: no kid, enc keys, symmetric keys, private members, small RSA', async () => {
    const ed = key('EdDSA');
    const secretJwk = { kty: 'oct', k: randomSecret().toString('base64url'), kid: 'hmac', alg: 'HS256' };
    const weak = generateTestKeyRsa1024();
    const server = new FakeAuthorizationServer([
      { ...ed.jwk, kid: undefined },
      { ...key('ES256').jwk, use: 'enc' },
      secretJwk,
      { ...(ed.privateKey.export({ format: 'jwk' }) as JWK), kid: 'with-private', alg: 'EdDSA' },
      weak,
    ]);
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: server.fetch, clock: fixedClock() });
    await verifier.ready();
    // The key with private members is imported as its public part only.
    expect(verifier.metrics().jwks.keys).toBe(1);
    await expect(verifier.verify(accessToken({ ...ed, kid: 'with-private' }))).resolves.toBeDefined();
  });
});

function generateTestKeyRsa1024(): JWK {
  // A 1024-bit RSA public JWK: below RFC 7518's 2048-bit minimum.
  const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), kid: 'weak', alg: 'RS256' };
}
