import { createHash } from 'node:crypto';
import type { SigningAlgorithm } from '../model/records.js';

/**
 * OIDC Core §3.1.3.6 `at_hash`: the left half of the access token's hash, base64url. The hash is
 * the one of the ID token's JWS algorithm (SHA-256 for RS256, PS256, ES256); for EdDSA (Ed25519)
 * it is SHA-512, the hash Ed25519 itself uses, as the OpenID Foundation's implementations do.
 */
export function accessTokenHash(accessToken: string, alg: SigningAlgorithm): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
