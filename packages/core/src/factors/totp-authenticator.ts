import { Secret, TOTP } from 'otpauth';
import type { Random } from '../ports/random.js';

/** RFC 6238 defaults every authenticator app supports: SHA-1, 6 digits, 30 s steps. */
const periodSeconds = 30;
/** One step either side (RFC 6238 §5.2: "at most one time step" of network and clock drift). */
const window = 1;

/**
 * TOTP through `otpauth`. A new seed is 160 bits (RFC 4226 §4 R6) from the injected CSPRNG; the
 * `otpauth://` URI is what the QR code carries (Key Uri Format).
 */
export class TotpAuthenticator {
  constructor(private readonly issuerName: string) {}

  newSecret(random: Random): string {
    return new Secret({ buffer: Uint8Array.from(random.bytes(20)).buffer }).base32;
  }

  uri(secret: string, accountName: string): string {
    return this.#totp(secret, accountName).toString();
  }

  /**
   * The time step `code` is valid for at `now`, or null. `otpauth` compares in constant time.
   * The caller must still spend the step (`SecondFactorStore.useTotpStep`) so it works once only.
   */
  matchingStep(secret: string, code: string, now: number): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const delta = this.#totp(secret, '').validate({ token: code, timestamp: now, window });
    return delta === null ? null : Math.floor(now / 1000 / periodSeconds) + delta;
  }

  #totp(secret: string, label: string): TOTP {
    return new TOTP({ issuer: this.issuerName, label, algorithm: 'SHA1', digits: 6, period: periodSeconds, secret: Secret.fromBase32(secret) });
  }
}
