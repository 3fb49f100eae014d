import { deriveSecret } from '../crypto/derive-secret.js';
import type { Random } from '../ports/random.js';

/** Ten codes, shown once at set-up (and at each regeneration). */
export const recoveryCodeCount = 10;
/** No o, 1, l, i: codes are read off paper. 32 symbols, 5 bits each. */
const alphabet = 'abcdefghjkmnpqrstuvwxyz023456789';
const symbols = 16;

/**
 * Recovery codes (ASVS 5.0 V6.6 "lookup secrets"): 16 random symbols (80 bits), grouped by four.
 * Stored only as HMAC-SHA256 under a server secret, keyed with the user id: random codes need no
 * slow hash against guessing, and the pepper means a copy of the table is useless without the key.
 */
export function generateRecoveryCodes(random: Random): string[] {
  return Array.from({ length: recoveryCodeCount }, () => {
    const bytes = random.bytes(symbols);
    const text = Array.from(bytes, (byte) => alphabet[byte & 31]).join('');
    return text.match(/.{4}/g)!.join('-');
  });
}

/** What a person may type: any case, spaces or dashes anywhere. */
export function normalizeRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

export function looksLikeRecoveryCode(input: string): boolean {
  return /^[a-z0-9]{16}$/.test(normalizeRecoveryCode(input));
}

export function hashRecoveryCode(key: Uint8Array, userId: string, code: string): string {
  return deriveSecret(key, 'tessera-recovery-code', `${userId}\0${normalizeRecoveryCode(code)}`);
}
