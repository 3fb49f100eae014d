import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey } from 'jose';
import type { SigningAlgorithm, SigningKeyRecord } from '../model/records.js';

/** A key ready to sign with: the record plus its imported private key. */
export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
}

/** RFC 8725 §3.2: one algorithm per key; the JWK carries `alg` so verifiers can pin it. */
export async function generateSigningKey(
  alg: SigningAlgorithm,
  generation: number,
  createdAt: number,
  activatesAt: number,
): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
    ...(alg === 'RS256' || alg === 'PS256' ? { modulusLength: 2048 } : {}),
  });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    alg,
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg },
    generation,
    createdAt,
    activatesAt,
    retiresAt: null,
  };
}

export async function importSigningKey(record: SigningKeyRecord): Promise<ActiveSigningKey> {
  const privateKey = (await importJWK(record.privateJwk, record.alg)) as CryptoKey;
  return { kid: record.kid, alg: record.alg, privateKey };
}
