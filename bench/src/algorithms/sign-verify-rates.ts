/**
 * Signing and verification cost of one algorithm, in this process: core's own signing path
 * (`AccessTokenIssuer`: jose `SignJWT` over WebCrypto, what `/oauth/token` runs) and the two
 * verifiers a resource server uses (`@tessera/verify` without its cache, `jose.jwtVerify`).
 */
import { AccessTokenIssuer, KeyManager, MemoryKeyStore, systemClock, systemRandom, type SigningAlgorithm } from '@tessera/core';
import { createVerifier } from '@tessera/verify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { measureRate } from '../micro/measure-rate.js';

const issuer = 'https://lab.test';
const audience = 'https://orders.lab.test';

export interface AlgorithmCosts {
  /** Each returns when one operation is done. */
  sign: () => Promise<unknown>;
  verifyTessera: () => Promise<unknown>;
  verifyJose: () => Promise<unknown>;
}

export async function algorithmCosts(alg: SigningAlgorithm): Promise<AlgorithmCosts> {
  const settings = { signingAlgorithm: alg, jwksMaxAgeSeconds: 300, accessTokenTtlSeconds: 600 };
  const keys = new KeyManager(new MemoryKeyStore(), settings, systemClock, systemRandom);
  await keys.init();
  const tokenIssuer = new AccessTokenIssuer(keys, { issuer, accessTokenTtlSeconds: 600 }, systemClock, systemRandom);
  const input = { subject: 'lab-client', clientId: 'lab-client', scope: 'orders:read', audience };
  const { token } = await tokenIssuer.issue(input);
  const verifier = createVerifier({ issuer, audience, keys: keys.jwks() });
  await verifier.verify(token);
  const jwks = createLocalJWKSet(keys.jwks());
  const joseOptions = { issuer, audience, algorithms: [alg], typ: 'at+jwt' };
  await jwtVerify(token, jwks, joseOptions);
  return {
    sign: () => tokenIssuer.issue(input),
    verifyTessera: () => verifier.verify(token),
    verifyJose: () => jwtVerify(token, jwks, joseOptions),
  };
}

/** Operations per second, one at a time, for `durationMs`. */
export function rateOf(operation: () => Promise<unknown>, durationMs: number): Promise<number> {
  return measureRate(operation, true, durationMs);
}
