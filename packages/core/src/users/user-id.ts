import { generateOpaqueToken } from '../crypto/opaque-token.js';
import type { Random } from '../ports/random.js';

/** 128 random bits, base64url: always exactly 22 characters of `[A-Za-z0-9_-]`. */
const userIdBytes = 16;
const userIdShape = /^[A-Za-z0-9_-]{22}$/;

export function generateUserId(random: Random): string {
  return generateOpaqueToken(random, userIdBytes);
}

/**
 * Whether an id has the shape every user id has. Client ids may not (client-service.ts): a
 * client_credentials token's `sub` is the client id (RFC 9068 §2.2), and user ids are public, so
 * the two namespaces must never meet.
 */
export function hasUserIdShape(id: string): boolean {
  return userIdShape.test(id);
}
