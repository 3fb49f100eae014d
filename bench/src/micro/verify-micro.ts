/**
 * Single-thread verify rates per algorithm: raw `node:crypto` (pre-imported KeyObject: the
 * physics), `@tessera/verify` uncached and with its verified-token cache, `jose.jwtVerify` and
 * `fast-jwt`. Every implementation verifies the very same token; rounds interleave the
 * implementations so drift hits them alike.
 */
import { createHmac, createPublicKey, createSecretKey, constants, generateKeyPairSync, randomBytes, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { createVerifier as createFastJwtVerifier } from 'fast-jwt';
import { SignJWT, exportJWK, jwtVerify } from 'jose';
import { loadCreateVerifier, type VerifierLike } from '../verify-api.js';
import { measureRate } from './measure-rate.js';
import { algorithms, type Algorithm, type MicroSeries, type VerifyImplementation, type VerifyJob } from './micro-protocol.js';

const issuer = 'http://127.0.0.1:1';
const audience = 'lab-api';

interface AlgorithmFixture {
  algorithm: Algorithm;
  token: string;
  signingInput: Buffer;
  signature: Buffer;
  /** The verification key, already imported. */
  key: KeyObject;
  /** PEM (or the raw secret for HS256), what fast-jwt takes. */
  fastJwtKey: string | Buffer;
  jwks?: { keys: Record<string, unknown>[] };
  secret?: Buffer;
}

async function fixture(algorithm: Algorithm): Promise<AlgorithmFixture> {
  const now = Math.floor(Date.now() / 1000);
  // The claims Tessera puts in an access token (docs/http-api.md#tokens), so parsing costs the same.
  const claims = {
    sub: 'usr_7Hq2c4cJY0mJ3yQ8Kp1xWg',
    client_id: 'tessera',
    scope: 'openid profile email offline_access',
    sid: 'fam_0n4PbqTmC4bAL8j3yZ2QxA',
    jti: randomBytes(16).toString('base64url'),
  };
  const sign = (key: KeyObject | Uint8Array, kid?: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: algorithm, typ: 'at+jwt', ...(kid ? { kid } : {}) })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
  let token: string;
  let key: KeyObject;
  let fastJwtKey: string | Buffer;
  let jwks: AlgorithmFixture['jwks'];
  let secret: Buffer | undefined;
  if (algorithm === 'HS256') {
    secret = randomBytes(32);
    key = createSecretKey(secret);
    fastJwtKey = secret;
    token = await sign(key);
  } else {
    const pair =
      algorithm === 'EdDSA'
        ? generateKeyPairSync('ed25519')
        : algorithm === 'ES256'
          ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
          : generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = `lab-${algorithm.toLowerCase()}`;
    token = await sign(pair.privateKey, kid);
    key = createPublicKey(pair.publicKey.export({ format: 'pem', type: 'spki' }));
    fastJwtKey = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: algorithm, use: 'sig' }] };
  }
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return { algorithm, token, signingInput: Buffer.from(`${header}.${payload}`, 'ascii'), signature: Buffer.from(signature, 'base64url'), key, fastJwtKey, jwks, secret };
}

/** The raw signature check, nothing else: what the contract calls `v`. */
function rawVerifier(f: AlgorithmFixture): () => boolean {
  const { signingInput, signature, key } = f;
  switch (f.algorithm) {
    case 'EdDSA':
      return () => verify(null, signingInput, key, signature);
    case 'ES256': {
      const options = { key, dsaEncoding: 'ieee-p1363' as const };
      return () => verify('sha256', signingInput, options, signature);
    }
    case 'RS256':
      return () => verify('sha256', signingInput, key, signature);
    case 'PS256': {
      const options = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      return () => verify('sha256', signingInput, options, signature);
    }
    case 'HS256':
      return () => timingSafeEqual(createHmac('sha256', key).update(signingInput).digest(), signature);
  }
}

type Candidate = { implementation: VerifyImplementation; run: () => unknown; async: boolean } | { implementation: VerifyImplementation; skipped: string };

async function candidates(f: AlgorithmFixture): Promise<Candidate[]> {
  const list: Candidate[] = [];
  const raw = rawVerifier(f);
  if (!raw()) throw new Error(`raw ${f.algorithm} verify refused its own signature`);
  list.push({ implementation: 'node:crypto', run: raw, async: false });

  const loaded = await loadCreateVerifier();
  if (!loaded.ok) {
    list.push({ implementation: '@tessera/verify', skipped: loaded.reason }, { implementation: '@tessera/verify (cache)', skipped: loaded.reason });
  } else {
    const keyOptions = f.algorithm === 'HS256' ? { secret: f.secret } : { keys: f.jwks };
    for (const [implementation, cache] of [
      ['@tessera/verify', false],
      ['@tessera/verify (cache)', { maxEntries: 10_000 }],
    ] as const) {
      try {
        const verifier: VerifierLike = loaded.value({ issuer, audience, ...keyOptions, cache });
        await verifier.verify(f.token);
        list.push({ implementation, run: () => verifier.verify(f.token), async: true });
      } catch (error) {
        list.push({ implementation, skipped: `refused the lab token: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }

  const joseOptions = { issuer, audience, algorithms: [f.algorithm], typ: 'at+jwt' };
  await jwtVerify(f.token, f.key, joseOptions);
  list.push({ implementation: 'jose.jwtVerify', run: () => jwtVerify(f.token, f.key, joseOptions), async: true });

  const fastJwt = createFastJwtVerifier({ key: f.fastJwtKey, algorithms: [f.algorithm as 'HS256'], allowedIss: issuer, allowedAud: audience, cache: false });
  fastJwt(f.token);
  list.push({ implementation: 'fast-jwt', run: (): unknown => fastJwt(f.token) as unknown, async: false });
  return list;
}

export async function runVerifyMicro(job: VerifyJob): Promise<MicroSeries[]> {
  const prepared = await Promise.all(algorithms.map(async (algorithm) => ({ algorithm, list: await candidates(await fixture(algorithm)) })));
  const series = new Map<string, MicroSeries>();
  for (const { algorithm, list } of prepared) {
    for (const candidate of list) {
      const entry: MicroSeries = { name: `${candidate.implementation} ${algorithm}`, algorithm, implementation: candidate.implementation, opsPerSecond: [] };
      if ('skipped' in candidate) entry.skipped = candidate.skipped;
      series.set(entry.name, entry);
    }
  }
  for (let round = 0; round < job.rounds; round++) {
    for (const { algorithm, list } of prepared) {
      for (const candidate of list) {
        if ('skipped' in candidate) continue;
        const rate = await measureRate(candidate.run, candidate.async, job.durationMs);
        series.get(`${candidate.implementation} ${algorithm}`)!.opsPerSecond.push(rate);
      }
    }
  }
  return [...series.values()];
}
