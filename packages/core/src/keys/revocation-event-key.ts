import { createECDH, hkdfSync } from 'node:crypto';
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import type { ActiveSigningKey } from './signing-key.js';

/** Name of the server-wide secret the revocation-event key is derived from (KeyStore.getOrCreateSecret). */
export const revocationEventKeySecretName = 'revocation-events-signing-key-v1';

/** The revocation-event key: the signing half and the public JWK that verifiers fetch. */
export interface RevocationEventKey extends ActiveSigningKey {
  publicJwk: JWK;
}

/**
 * The key that signs revocation events (RFC 8417 SETs), kept apart from the access-token keys so
 * a SET can never verify against the access-token JWKS (RFC 8725 §3.12, mutually exclusive
 * validation: express-jwt with jwks-rsa and no audience would otherwise take one as a Bearer token).
 *
 * An ES256 key derived (HKDF-SHA256, RFC 5869) from a server-wide secret of the KeyStore, so every
 * instance on every store (memory, SQLite, PostgreSQL) signs with the same key and no store schema
 * changes. It does not rotate with the access-token keys.
 */
export async function deriveRevocationEventKey(secret: Uint8Array): Promise<RevocationEventKey> {
  const scalar = Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), 'tessera revocation events ES256', 32));
  const ecdh = createECDH('prime256v1');
  // Throws for a scalar outside [1, n-1]: a chance of about 2^-32 per secret.
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const publicJwk: JWK = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33, 65).toString('base64url'),
  };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK({ ...publicJwk, d: scalar.toString('base64url') }, 'ES256')) as CryptoKey;
  return { kid, alg: 'ES256', privateKey, publicJwk: { ...publicJwk, kid, alg: 'ES256', use: 'sig' } };
}

/** The JWKS of the revocation-event key (published at `tessera_revocation_events_jwks_uri`). */
export function revocationEventJwks(key: RevocationEventKey): JSONWebKeySet {
  return { keys: [structuredClone<JSONWebKeySet['keys'][number]>(key.publicJwk)] };
}
