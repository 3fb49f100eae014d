import type { SigningAlgorithm } from '../model/records.js';

/**
 * The names an operator may configure: the JWS algorithms Tessera signs with, plus `Ed25519`, RFC
 * 9864's fully specified name for what RFC 8037 calls `EdDSA` with an Ed25519 key.
 */
export type SigningAlgorithmName = SigningAlgorithm | 'Ed25519';

/** Every configurable name, the default (`ES256`) first. */
export const SIGNING_ALGORITHM_NAMES = ['ES256', 'EdDSA', 'Ed25519', 'RS256', 'PS256'] as const satisfies readonly SigningAlgorithmName[];

/**
 * The algorithm a configured name means. `Ed25519` becomes `EdDSA`: keys and tokens keep the
 * polymorphic name on the wire because deployed verifiers (jsonwebtoken-era libraries, jose
 * before 6) know only it, and RFC 9864 §4.1 deprecates `EdDSA` without withdrawing it.
 */
export function canonicalSigningAlgorithm(name: SigningAlgorithmName): SigningAlgorithm {
  return name === 'Ed25519' ? 'EdDSA' : name;
}
