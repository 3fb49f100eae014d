import { VerifyError } from '../verify-error.js';
import type { VerificationKey } from '../keys/verification-key.js';
import { decodeSignature, type CompactJws } from './compact-jws.js';

/**
 * Checks the signature of a split JWS with a key chosen by `kid`. The header's `alg` must be one
 * the key allows (its type pins it, RFC 8725 §3.1), and the signature must have exactly the
 * algorithm's length before `node:crypto` sees it (a DER ECDSA signature, a truncated or extended
 * one, an RSA signature of the wrong modulus length are refused here).
 */
export function verifySignature(jws: CompactJws, key: VerificationKey): void {
  const check = key.checks.get(jws.header.alg);
  if (check === undefined) throw new VerifyError('unsupported_algorithm', 'token algorithm does not match the key');
  // Decoded here, right before use, because the bytes live in a reused buffer.
  const signature = decodeSignature(jws.signatureSegment);
  let valid = false;
  if (signature.length === key.signatureLength) {
    try {
      valid = check(jws.signingInput, signature);
    } catch {
      valid = false;
    }
  }
  if (!valid) throw new VerifyError('invalid_signature', 'token signature is not valid');
}
