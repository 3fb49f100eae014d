import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of `message` under a server secret, base64url. Used for CSRF tokens and refresh successors. */
export function deriveSecret(key: Uint8Array, purpose: string, message: string): string {
  return createHmac('sha256', key).update(purpose).update('\0').update(message, 'utf8').digest('base64url');
}
