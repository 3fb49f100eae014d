import { InvalidInputError } from '../errors/tessera-error.js';

/** RFC 5321 §4.5.3.1.3 limits a path to 256 octets; an address of 254 is the practical maximum. */
const maxEmailLength = 254;
// Deliberately loose: one @, a dot in the domain, no whitespace or control characters. The real
// check of an address is a message that reaches it, which is out of scope here.
const emailShape = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]+$/u;

/** Trims and lower-cases the address (so `A@x.io` and `a@x.io` are one account) and validates its shape. */
export function normalizeEmail(input: string): string {
  const email = input.trim().normalize('NFC').toLowerCase();
  if (email.length === 0 || email.length > maxEmailLength || !emailShape.test(email)) {
    throw new InvalidInputError('email must be a valid email address', 'email');
  }
  return email;
}
