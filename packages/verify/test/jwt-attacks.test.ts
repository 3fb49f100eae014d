import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, MAX_TOKEN_LENGTH, VerifyError, type Verifier } from '../src/index.js';
import { FakeAuthorizationServer } from './support/fake-authorization-server.js';
import { ASYMMETRIC_ALGS, b64url, compactJws, generateTestKey, signBytes, type TestKey } from './support/keys.js';
import { accessClaims, accessToken, AUDIENCE, fixedClock, ISSUER, NOW_S } from './support/tokens.js';

let ed: TestKey;
let es: TestKey;
let rs: TestKey;
let ps: TestKey;
let attacker: TestKey;
beforeAll(() => {
  ed = generateTestKey('EdDSA');
  es = generateTestKey('ES256');
  rs = generateTestKey('RS256');
  ps = generateTestKey('PS256');
  attacker = generateTestKey('EdDSA');
});

function setup(): { verifier: Verifier; server: FakeAuthorizationServer } {
  const server = new FakeAuthorizationServer([ed.jwk, es.jwk, rs.jwk, ps.jwk]);
  const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: server.fetch, clock: fixedClock() });
  return { verifier, server };
}

async function codeOf(verifier: Verifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(VerifyError);
    return (error as VerifyError).code;
  }
  return 'accepted';
}

const claims = b64url(accessClaims());

describe('alg none', () => {
  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses alg %s, with or without a signature, and fetches nothing', async (alg) => {
    const { verifier, server } = setup();
    const header = b64url({ alg, typ: 'at+jwt', kid: ed.kid });
    expect(await codeOf(verifier, `${header}.${claims}.`)).toBe('unsupported_algorithm');
    expect(await codeOf(verifier, `${header}.${claims}.${b64url(Buffer.alloc(64, 1))}`)).toBe('unsupported_algorithm');
    expect(server.requests).toEqual([]);
  });
});

describe('algorithm confusion', () => {
  it.each([
    ['RSA public key as SPKI PEM', () => rs.publicKey.export({ type: 'spki', format: 'pem' })],
    ['RSA public key as DER', () => rs.publicKey.export({ type: 'spki', format: 'der' })],
    ['EC public JWK as JSON', () => JSON.stringify(es.jwk)],
    ['Ed25519 raw public key bytes', () => Buffer.from(ed.jwk.x ?? '', 'base64url')],
  ])('refuses HS256 signed with the %s as HMAC secret', async (_name, secret) => {
    const { verifier } = setup();
    for (const kid of [rs.kid, es.kid, ed.kid, undefined]) {
      const token = compactJws({ alg: 'HS256', typ: 'at+jwt', kid }, accessClaims(), (input) => createHmac('sha256', secret()).update(input).digest());
      expect(await codeOf(verifier, token)).toBe('unsupported_algorithm');
    }
  });

  it('refuses a kid that points to another algorithm’s key', async () => {
    const { verifier } = setup();
    // Signed correctly with the EC key, but the header names the RSA key.
    expect(await codeOf(verifier, accessToken(es, {}, { kid: rs.kid }))).toBe('unsupported_algorithm');
    // RS256 header on the key published for PS256 only (its JWK says alg PS256).
    const rsOnPs = compactJws({ alg: 'RS256', typ: 'at+jwt', kid: ps.kid }, accessClaims(), (input) => signBytes('RS256', ps.privateKey, input));
    expect(await codeOf(verifier, rsOnPs)).toBe('unsupported_algorithm');
    // PS256 header on the RS256 key.
    const psOnRs = compactJws({ alg: 'PS256', typ: 'at+jwt', kid: rs.kid }, accessClaims(), (input) => signBytes('PS256', rs.privateKey, input));
    expect(await codeOf(verifier, psOnRs)).toBe('unsupported_algorithm');
    // EdDSA header on the EC key.
    expect(await codeOf(verifier, accessToken(ed, {}, { kid: es.kid }))).toBe('unsupported_algorithm');
  });

  it('refuses algorithms outside the allow-list even when the key type fits', async () => {
    const server = new FakeAuthorizationServer([rs.jwk, { ...ps.jwk, alg: undefined }]);
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: server.fetch, clock: fixedClock(), algorithms: ['PS256'] });
    expect(await codeOf(verifier, accessToken(rs))).toBe('unsupported_algorithm');
    await expect(verifier.verify(accessToken(ps))).resolves.toBeDefined();
  });

  it.each(['HS512', 'ES384', 'RS512', 'Ed448', '__proto__', 'constructor', ''])('refuses alg %j without looking up a key', async (alg) => {
    const { verifier, server } = setup();
    expect(await codeOf(verifier, `${b64url({ alg, typ: 'at+jwt', kid: 'x' })}.${claims}.${b64url(Buffer.alloc(64))}`)).toBe('unsupported_algorithm');
    expect(server.requests).toEqual([]);
  });
});

describe('signature tampering', () => {
  it.each(ASYMMETRIC_ALGS)('%s: stripped, flipped, truncated, extended and foreign signatures are refused', async (alg) => {
    const { verifier } = setup();
    const key = { EdDSA: ed, ES256: es, RS256: rs, PS256: ps }[alg];
    const token = accessToken(key);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const sig = Buffer.from(signature, 'base64url');
    expect(await codeOf(verifier, `${header}.${payload}.`)).toBe('invalid_signature');
    expect(await codeOf(verifier, `${header}.${payload}`)).toBe('token_malformed');
    for (const byte of [0, sig.length >> 1, sig.length - 1]) {
      const flipped = Buffer.from(sig);
      flipped[byte] = (flipped[byte] ?? 0) ^ 1;
      expect(await codeOf(verifier, `${header}.${payload}.${b64url(flipped)}`)).toBe('invalid_signature');
    }
    expect(await codeOf(verifier, `${header}.${payload}.${b64url(sig.subarray(1))}`)).toBe('invalid_signature');
    expect(await codeOf(verifier, `${header}.${payload}.${b64url(Buffer.concat([sig, Buffer.alloc(1)]))}`)).toBe('invalid_signature');
    // Same kid, but signed by someone else's key.
    const impostor = generateTestKey(alg);
    expect(await codeOf(verifier, accessToken({ ...impostor, kid: key.kid }))).toBe('invalid_signature');
    // A payload changed after signing.
    expect(await codeOf(verifier, `${header}.${b64url(accessClaims({ scope: 'admin' }))}.${signature}`)).toBe('invalid_signature');
  });

  it('refuses non-canonical base64url in the signature (padding, +/ alphabet, stray characters)', async () => {
    const { verifier } = setup();
    const token = accessToken(ed);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const standard = Buffer.from(signature, 'base64url').toString('base64');
    for (const variant of [
      `${signature}==`,
      standard,
      `${signature.slice(0, 10)}!${signature.slice(10)}`,
      ` ${signature}`,
      `${signature.slice(0, 10)} ${signature.slice(11)}`,
      `${signature.slice(0, 10)}\u0101${signature.slice(11)}`,
    ]) {
      if (variant === signature) continue;
      expect(await codeOf(verifier, `${header}.${payload}.${variant}`)).toBe('invalid_signature');
    }
  });

  it('refuses a signature whose unused trailing bits are set (same bytes to Buffer, different string)', async () => {
    const { verifier } = setup();
    const token = accessToken(ed);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1)!);
    const tweaked = signature.slice(0, -1) + alphabet[last | 1];
    expect(tweaked).not.toBe(signature);
    expect(Buffer.from(tweaked, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expect(await codeOf(verifier, `${header}.${payload}.${tweaked}`)).toBe('invalid_signature');
  });

  it('refuses a payload character replaced by one that folds onto it in latin1 (U+0100 + c)', async () => {
    const { verifier } = setup();
    const token = accessToken(ed);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    for (const index of [0, 5, payload.length - 1]) {
      const folded = payload.slice(0, index) + String.fromCharCode(payload.charCodeAt(index) + 0x100) + payload.slice(index + 1);
      expect(await codeOf(verifier, `${header}.${folded}.${signature}`)).toBe('invalid_signature');
    }
  });
});

describe('key injection headers are ignored (RFC 8725 §3.10)', () => {
  it('jku, x5u, jwk and x5c never bring a key, and are never fetched', async () => {
    const { verifier, server } = setup();
    const injected = {
      jku: 'https://evil.test/jwks.json',
      x5u: 'https://evil.test/cert.pem',
      jwk: attacker.jwk,
      x5c: ['MIIBevil'],
    };
    // Attacker's signature under the real kid: the real key is used, so the signature fails.
    expect(await codeOf(verifier, accessToken({ ...attacker, kid: ed.kid }, {}, injected))).toBe('invalid_signature');
    // Attacker's own kid: unknown, whatever the headers offer.
    expect(await codeOf(verifier, accessToken(attacker, {}, { ...injected, kid: attacker.kid }))).toBe('unknown_key');
    expect(server.requests.some((url) => url.includes('evil'))).toBe(false);
  });
});

describe('header and shape', () => {
  it.each([['JWT'], ['jwt'], ['secevent+jwt'], ['application/jwt'], ['at+jwt '], ['dpop+jwt'], [undefined], [42]])('refuses typ %j', async (typ) => {
    const { verifier } = setup();
    expect(await codeOf(verifier, accessToken(ed, {}, { typ }))).toBe('invalid_type');
  });

  it('refuses critical header parameters it does not implement (RFC 7515 §4.1.11, RFC 7797 b64)', async () => {
    const { verifier } = setup();
    expect(await codeOf(verifier, accessToken(ed, {}, { crit: ['b64'], b64: false }))).toBe('token_malformed');
    expect(await codeOf(verifier, accessToken(ed, {}, { crit: ['exp'] }))).toBe('token_malformed');
  });

  it.each([
    ['two segments', 'a.b'],
    ['four segments', 'a.b.c.d'],
    ['a JWE (five segments)', 'a.b.c.d.e'],
    ['an empty header', `.${claims}.sig`],
    ['a header that is not JSON', `${b64url('not json')}.${claims}.sig`],
    ['a header that is a JSON array', `${b64url('[1]')}.${claims}.sig`],
    ['a header without alg', `${b64url({ typ: 'at+jwt' })}.${claims}.sig`],
    ['a numeric kid', `${b64url({ alg: 'EdDSA', typ: 'at+jwt', kid: 1 })}.${claims}.sig`],
    ['a header in standard base64', `${Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'at+jwt', kid: '>>>?' })).toString('base64')}.${claims}.sig`],
  ])('refuses %s as token_malformed', async (_name, token) => {
    const { verifier } = setup();
    expect(await codeOf(verifier, token)).toBe('token_malformed');
  });

  it('refuses a payload that is not a JSON object even when signed', async () => {
    const { verifier } = setup();
    for (const payload of ['[1,2]', '"str"', 'null', 'not json']) {
      const token = compactJws({ alg: 'EdDSA', typ: 'at+jwt', kid: ed.kid }, payload, (input) => signBytes('EdDSA', ed.privateKey, input));
      expect(await codeOf(verifier, token)).toBe('token_malformed');
    }
  });

  it(`refuses tokens over ${MAX_TOKEN_LENGTH} bytes before parsing, accepts one of exactly that size`, async () => {
    const { verifier, server } = setup();
    const padFor = (length: number): string => {
      const base = accessToken(ed, { pad: '' }).length;
      return 'x'.repeat(Math.floor(((length - base) * 3) / 4));
    };
    let pad = padFor(MAX_TOKEN_LENGTH);
    let token = accessToken(ed, { pad });
    while (token.length < MAX_TOKEN_LENGTH) token = accessToken(ed, { pad: (pad += 'x') });
    while (token.length > MAX_TOKEN_LENGTH) token = accessToken(ed, { pad: (pad = pad.slice(1)) });
    expect(token.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    await expect(verifier.verify(token)).resolves.toBeDefined();
    const requests = server.requests.length;
    const huge = `${b64url({ alg: 'EdDSA', typ: 'at+jwt', kid: 'never-looked-up' })}.${'A'.repeat(MAX_TOKEN_LENGTH)}.sig`;
    expect(await codeOf(verifier, huge)).toBe('token_malformed');
    expect(server.requests.length).toBe(requests);
  });

  it('a security event token is not an access token, even when validly signed', async () => {
    const { verifier } = setup();
    expect(await codeOf(verifier, accessToken(ed, {}, { typ: 'secevent+jwt' }))).toBe('invalid_type');
  });
});

describe('claims an attacker might try', () => {
  it.each([
    ['expired', { exp: NOW_S - 3600 }, 'token_expired'],
    ['not yet valid', { nbf: NOW_S + 3600 }, 'token_not_yet_valid'],
    ['another issuer', { iss: 'https://auth.test.evil' }, 'issuer_mismatch'],
    ['issuer prefix', { iss: 'https://auth.tes' }, 'issuer_mismatch'],
    ['issuer as array', { iss: [ISSUER] }, 'issuer_mismatch'],
    ['another audience', { aud: 'billing' }, 'audience_mismatch'],
    ['audience substring', { aud: 'orders-admin' }, 'audience_mismatch'],
    ['audience as object', { aud: { 0: AUDIENCE } }, 'audience_mismatch'],
    ['exp as string', { exp: '9999999999' }, 'token_malformed'],
    ['exp as Infinity (null in JSON)', { exp: Number.POSITIVE_INFINITY }, 'token_malformed'],
  ])('%s → %s', async (_name, overrides, code) => {
    const { verifier } = setup();
    expect(await codeOf(verifier, accessToken(ed, overrides))).toBe(code);
  });

  it('the verifier never uses kid as a path or property name', async () => {
    const { verifier } = setup();
    for (const kid of ['../../etc/passwd', '__proto__', 'constructor', 'toString']) {
      expect(await codeOf(verifier, accessToken({ ...attacker, kid }))).toBe('unknown_key');
    }
  });
});
