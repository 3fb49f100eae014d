import { createHash } from 'node:crypto';
import type { RateLimiterFactory, RateLimiterSpec } from './rate-limiter-factory.js';
import { RateLimitBudget } from './rate-limit-budget.js';

export interface LoginThrottleLimits {
  /** Consecutive failures for one account from one IP (reset by a success). */
  failuresPerAccountAndIp: number;
  /** Failures for one account from every IP (reset by a success). */
  failuresPerAccount: number;
  /** Failures from one IP for any account (not reset by a success). */
  failuresPerIp: number;
  windowSeconds: number;
}

const prefixes = { accountAndIp: 'login-fail-account-ip', account: 'login-fail-account', ip: 'login-fail-ip' } as const;
const resetBySuccess = (spec: RateLimiterSpec) => spec.keyPrefix !== prefixes.ip;

/**
 * Throttles password guessing on `/auth/login`, the hosted login form and the password grant alike
 * (one budget: ASVS 5.0 V6.3.1, NIST SP 800-63B §5.2.2), after rate-limiter-flexible's "login
 * endpoint protection" recipe:
 * - account + IP: a few consecutive failures, then 429 until the window ends. Stops a single
 *   guesser without letting anyone lock a victim out from elsewhere.
 * - account, any IP: NIST's cap on failures per account, against guessing from many addresses.
 * - IP, any account: credential stuffing. A success does not reset it, or one valid account of
 *   the attacker's would clear the counter between guesses.
 *
 * Consume first: every attempt is charged on all three counters BEFORE the password is hashed, so a
 * parallel burst cannot all pass a check made before any of them failed (audit finding 1). Then a
 * wrong password keeps its charge; a success resets the account counters and gives back its point
 * on the IP counter; any other outcome (malformed input, an outage) gives every point back, since
 * only wrong credentials count. Accounts are keyed by a hash of the normalised email, so the
 * counter store never holds addresses.
 */
export class LoginThrottle {
  readonly #budget: RateLimitBudget;

  constructor(factory: RateLimiterFactory, limits: LoginThrottleLimits) {
    const spec = (keyPrefix: string, points: number): RateLimiterSpec => ({ keyPrefix, points, durationSeconds: limits.windowSeconds });
    this.#budget = new RateLimitBudget(factory, [
      spec(prefixes.accountAndIp, limits.failuresPerAccountAndIp),
      spec(prefixes.account, limits.failuresPerAccount),
      spec(prefixes.ip, limits.failuresPerIp),
    ]);
  }

  /**
   * Charges the attempt (or throws `RateLimitedError` with the wait, without running it), runs
   * `attempt`, and settles the charge by its outcome: kept when `isFailure(error)`, as above otherwise.
   */
  async guard<T>(email: string, ip: string, attempt: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const account = accountKey(email);
    const charge = await this.#budget.charge([`${account}:${ip}`, account, ip]);
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      // A refund that fails only over-counts (safe); the caller hears the attempt's own error.
      if (!isFailure(error)) await charge.refund().catch(() => undefined);
      throw error;
    }
    await charge.reset(resetBySuccess);
    await charge.refund((spec) => !resetBySuccess(spec));
    return result;
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().normalize('NFC').toLowerCase()).digest('base64url').slice(0, 22);
}
