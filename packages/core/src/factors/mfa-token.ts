import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { deriveSecret } from '../crypto/derive-secret.js';
import { generateOpaqueToken } from '../crypto/opaque-token.js';
import { MfaTokenInvalidError } from '../errors/tessera-error.js';
import type { Random } from '../ports/random.js';

/** Five minutes to find the phone and type a code. */
export const mfaTokenTtlMs = 5 * 60 * 1000;

export interface MfaTokenClaims {
  userId: string;
  /** When the password step succeeded (epoch ms). */
  issuedAt: number;
}

/**
 * The `mfa_token` between the two login steps: `base64url(JSON).HMAC`, nothing stored. It proves
 * only that the password was right a moment ago; every second step still needs a valid,
 * single-use code, which the store enforces. Bound to the user's `passwordChangedAt`, so a
 * password change voids tokens issued before it.
 */
export class MfaTokenCodec {
  constructor(
    private readonly key: Uint8Array,
    private readonly random: Random,
  ) {}

  issue(userId: string, passwordChangedAt: number, now: number): string {
    const payload = Buffer.from(JSON.stringify({ u: userId, t: now, p: passwordChangedAt, n: generateOpaqueToken(this.random, 9) })).toString('base64url');
    return `${payload}.${this.#mac(payload)}`;
  }

  /** Checks shape, MAC and age; the caller checks `passwordChangedAt` against the user with `matches`. */
  read(token: unknown, now: number): MfaTokenClaims & { passwordChangedAt: number } {
    if (typeof token !== 'string' || token.length > 512) throw new MfaTokenInvalidError();
    const [payload, mac] = token.split('.');
    if (!payload || !mac || !constantTimeEqual(this.#mac(payload), mac)) throw new MfaTokenInvalidError();
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; t?: unknown; p?: unknown };
    if (typeof claims.u !== 'string' || typeof claims.t !== 'number' || typeof claims.p !== 'number') throw new MfaTokenInvalidError();
    if (now - claims.t > mfaTokenTtlMs || claims.t > now + 60_000) throw new MfaTokenInvalidError();
    return { userId: claims.u, issuedAt: claims.t, passwordChangedAt: claims.p };
  }

  #mac(payload: string): string {
    return deriveSecret(this.key, 'tessera-mfa-token', payload);
  }
}
