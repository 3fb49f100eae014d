import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Random } from '../ports/random.js';

/**
 * AES-256-GCM for secrets the server must read back (TOTP seeds cannot be hashed: the server
 * computes codes from them). ASVS 5.0 V11.3 (authenticated encryption) and V6.5.x: a copy of the
 * factor table alone does not give away anyone's authenticator. The associated data binds a
 * ciphertext to its owner, so a row moved to another user does not decrypt.
 */
export class SecretBox {
  constructor(
    private readonly key: Uint8Array,
    private readonly random: Random,
  ) {
    if (key.byteLength !== 32) throw new TypeError('SecretBox needs a 256-bit key');
  }

  seal(plaintext: string, associatedData: string): string {
    const iv = this.random.bytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), ciphertext].map((part) => Buffer.from(part).toString('base64url')).join('.');
  }

  /** Throws when the box was altered or belongs to other associated data. */
  open(sealed: string, associatedData: string): string {
    const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !ciphertext) throw new TypeError('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(associatedData, 'utf8')).setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }
}
