import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';

/** RFC 7636 §4.2: BASE64URL(SHA-256(verifier)) is always 43 characters. */
const s256ChallengeShape = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const verifierShape = /^[A-Za-z0-9._~-]{43,128}$/;

export function isS256Challenge(challenge: string): boolean {
  return s256ChallengeShape.test(challenge);
}

/** RFC 7636 §4.6 for the S256 method, the only one Tessera accepts (RFC 9700 §2.1.1 refuses `plain`). */
export function verifiesS256Challenge(verifier: string | undefined, challenge: string): boolean {
  if (verifier === undefined || !verifierShape.test(verifier)) return false;
  const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
  return constantTimeEqual(computed, challenge);
}
