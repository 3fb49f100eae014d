import { constants, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

export type TestAlg = 'EdDSA' | 'ES256' | 'RS256' | 'PS256';
export const ASYMMETRIC_ALGS: readonly TestAlg[] = ['EdDSA', 'ES256', 'RS256', 'PS256'];

/** A signing key for tests: private key, public key, public JWK with kid and alg. */
export interface TestKey {
  readonly alg: TestAlg;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: JWK;
}

let counter = 0;

export function generateTestKey(alg: TestAlg, kid = `${alg.toLowerCase()}-${++counter}`): TestKey {
  const pair =
    alg === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : alg === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(pair.publicKey.export({ format: 'jwk' }) as JWK), kid, alg, use: 'sig' };
  return { alg, kid, privateKey: pair.privateKey, publicKey: pair.publicKey, jwk };
}

/** Signs bytes the way JWS `alg` says, with node:crypto. */
export function signBytes(alg: TestAlg | 'HS256', key: KeyObject | Buffer, data: Buffer): Buffer {
  switch (alg) {
    case 'EdDSA':
      return sign(null, data, key);
    case 'ES256':
      return sign('sha256', data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
    case 'RS256':
      return sign('sha256', data, key);
    case 'PS256':
      return sign('sha256', data, { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'HS256':
      return createHmac('sha256', key).update(data).digest();
  }
}

export function b64url(value: string | Buffer | object): string {
  if (Buffer.isBuffer(value)) return value.toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

/** Builds a compact JWS from any header and payload (attack tests need headers jose would refuse). */
export function compactJws(header: object, payload: object | string, sign: (input: Buffer) => Buffer): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${b64url(sign(Buffer.from(input, 'utf8')))}`;
}

export function randomSecret(): Buffer {
  return randomBytes(32);
}
