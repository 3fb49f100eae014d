import { constants, createHmac, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { transientUtf8 } from './transient-bytes.js';

/**
 * The JWS algorithms this verifier can check. `EdDSA` and `Ed25519` (RFC 9864's fully specified
 * name) both mean Ed25519; `HS256` is only for a single-service setup with a shared `secret`.
 */
export type Algorithm = 'EdDSA' | 'Ed25519' | 'ES256' | 'RS256' | 'PS256' | 'HS256';

/** Every supported algorithm. Anything else (including `none` in any casing) is refused. */
export const SUPPORTED_ALGORITHMS: readonly Algorithm[] = Object.freeze(['EdDSA', 'Ed25519', 'ES256', 'RS256', 'PS256', 'HS256']);

/** The allow-list when only public keys are configured. */
export const DEFAULT_ASYMMETRIC_ALGORITHMS: readonly Algorithm[] = Object.freeze(['EdDSA', 'Ed25519', 'ES256', 'RS256', 'PS256']);

/**
 * Checks one signature over the JWS signing input (the token's first two segments). Synchronous:
 * this is the hot path. The input is always encoded as UTF-8: never `latin1`, which folds
 * characters above U+00FF onto ASCII and would let a modified token match the original bytes.
 */
export type SignatureCheck = (signingInput: string, signature: Buffer) => boolean;

/** Signature byte length for each algorithm (RSA: the modulus length, known per key). */
export function signatureLength(alg: Algorithm, modulusBytes: number): number {
  switch (alg) {
    case 'EdDSA':
    case 'Ed25519':
    case 'ES256':
      return 64;
    case 'HS256':
      return 32;
    case 'RS256':
    case 'PS256':
      return modulusBytes;
  }
}

/**
 * Builds the `node:crypto` check for one key and one algorithm, with the key options prepared once
 * so a verification allocates nothing but the result.
 *
 * - EdDSA: pure Ed25519 (RFC 8037 §3.1), `crypto.verify(null, …)`.
 * - ES256: ECDSA P-256 SHA-256 with the 64-byte `r || s` form JWS uses (RFC 7518 §3.4), so a
 *   DER signature is refused.
 * - RS256: RSASSA-PKCS1-v1_5 SHA-256 (RFC 7518 §3.3).
 * - PS256: RSASSA-PSS SHA-256, MGF1 SHA-256, salt length 32 exactly (RFC 7518 §3.5).
 * - HS256: HMAC-SHA-256 compared in constant time.
 */
export function signatureCheck(alg: Algorithm, key: KeyObject): SignatureCheck {
  switch (alg) {
    case 'EdDSA':
    case 'Ed25519':
      return (input, signature) => cryptoVerify(null, transientUtf8(input), key, signature);
    case 'ES256': {
      const ecKey = { key, dsaEncoding: 'ieee-p1363' as const };
      return (input, signature) => cryptoVerify('sha256', transientUtf8(input), ecKey, signature);
    }
    case 'RS256': {
      const rsaKey = { key, padding: constants.RSA_PKCS1_PADDING };
      return (input, signature) => cryptoVerify('sha256', transientUtf8(input), rsaKey, signature);
    }
    case 'PS256': {
      const pssKey = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      return (input, signature) => cryptoVerify('sha256', transientUtf8(input), pssKey, signature);
    }
    case 'HS256':
      return (input, signature) =>
        signature.length === 32 && timingSafeEqual(createHmac('sha256', key).update(input, 'utf8').digest(), signature);
  }
}

/** True when `value` names a supported algorithm exactly (JWS `alg` values are case-sensitive, RFC 7515 §4.1.1). */
export function isSupportedAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && (SUPPORTED_ALGORITHMS as readonly string[]).includes(value);
}
