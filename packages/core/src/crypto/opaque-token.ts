import { createHash } from 'node:crypto';
import type { Random } from '../ports/random.js';

/**
 * Opaque bearer secrets (session tokens, refresh tokens, client secrets) and how they are stored.
 * They are high-entropy random values, so a single SHA-256 is the right storage hash: no salt or
 * slow KDF is needed to resist guessing (OWASP ASVS 5.0 V7.2.3 asks ≥ 128 bits of entropy).
 */
export function generateOpaqueToken(random: Random, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString('base64url');
}

/** base64url SHA-256: the only form in which an opaque token reaches a store. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
