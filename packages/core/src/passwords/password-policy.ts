import { dictionary } from '@zxcvbn-ts/language-common';
import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { InvalidInputError, WeakPasswordError } from '../errors/tessera-error.js';

/**
 * Password rules after OWASP ASVS 5.0 V6.2 and NIST SP 800-63B-4 §3.1.1.2: a minimum length
 * (8 by default, ASVS V6.2.1), at least 64 characters allowed and never truncated (V6.2.9),
 * no composition rules (V6.2.5), and a check against common and breached passwords (V6.2.4).
 * Input above a hard byte cap is refused before it reaches the (deliberately slow) hash.
 */
export interface PasswordPolicyOptions {
  /** Minimum length in Unicode code points. Default 8. */
  minLength?: number;
  /** Maximum length in code points. Default 256 (≥ 64 as ASVS requires). */
  maxLength?: number;
  /** Extra words to refuse (e.g. the product name). */
  extraBlocklist?: Iterable<string>;
}

/** Refused before any hashing, whatever maxLength says: Argon2 cost grows with input, attackers' budgets should not. */
export const passwordHardCapBytes = 4096;

export class PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  readonly #blocklist: Set<string>;

  constructor(options: PasswordPolicyOptions = {}) {
    this.minLength = options.minLength ?? 8;
    this.maxLength = options.maxLength ?? 256;
    if (this.minLength < 8) throw new TypeError('minLength must be at least 8 (ASVS V6.2.1)');
    if (this.maxLength < 64) throw new TypeError('maxLength must be at least 64 (ASVS V6.2.9)');
    this.#blocklist = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
    for (const word of options.extraBlocklist ?? []) this.#blocklist.add(word.toLowerCase());
  }

  /** Throws `WeakPasswordError` with a user-facing reason, or `InvalidInputError` for non-strings/oversize input. */
  check(password: unknown, context: { email?: string } = {}): asserts password is string {
    assertPasswordInput(password);
    const length = [...password].length;
    if (length < this.minLength) {
      throw new WeakPasswordError('too_short', `Password must be at least ${this.minLength} characters`);
    }
    if (length > this.maxLength) {
      throw new WeakPasswordError('too_long', `Password must be at most ${this.maxLength} characters`);
    }
    const lowered = password.toLowerCase();
    if (this.#blocklist.has(lowered)) {
      throw new WeakPasswordError('common', 'This password is too common; choose another');
    }
    // NIST SP 800-63B-4 §3.1.1.2 context-specific words: the address itself, and its local part.
    const email = context.email?.trim().toLowerCase();
    const localPart = email?.split('@')[0];
    const candidate = lowered.trim();
    if (email && (candidate === email || (localPart && localPart.length >= 4 && candidate === localPart))) {
      throw new WeakPasswordError('contains_email', 'Password must not be your email address');
    }
  }

  /**
   * A password change: `next` passes `check`, and is not `current` again (a "change" that changes
   * nothing would still end every other session and say "changed"). Call it only after `current`
   * was verified, or it answers whether a guess is the password.
   */
  checkChange(current: string, next: unknown, context: { email?: string } = {}): asserts next is string {
    this.check(next, context);
    if (constantTimeEqual(current, next)) {
      throw new WeakPasswordError('same_as_current', 'Your new password must be different from your current one');
    }
  }
}

/** Shape checks shared by sign-up and login: a string, within the hard cap, no NUL. */
export function assertPasswordInput(password: unknown): asserts password is string {
  if (typeof password !== 'string') throw new InvalidInputError('password must be a string', 'password');
  if (Buffer.byteLength(password, 'utf8') > passwordHardCapBytes) {
    throw new InvalidInputError(`password must be at most ${passwordHardCapBytes} bytes`, 'password');
  }
  if (password.includes('\0')) throw new InvalidInputError('password must not contain NUL', 'password');
}
