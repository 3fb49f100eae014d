import type { RateLimiterFactory } from './rate-limiter-factory.js';
import { RateLimitBudget } from './rate-limit-budget.js';

export interface SignupThrottleLimits {
  perIpPerHour: number;
  perHour: number;
}

const hourSeconds = 3600;

/**
 * Throttles account creation (`POST /auth/signup` and the hosted `/signup` form, one budget) per IP
 * and globally (ASVS 5.0 V2.4.1 anti-automation). Every attempt that reaches the core is charged
 * before its password is hashed (consume first, as the login throttle, so a parallel burst cannot
 * slip past) and keeps its charge whatever the outcome: a taken email or a weak password costs the
 * server a check too, and refunding them would let a script probe emails for free.
 */
export class SignupThrottle {
  readonly #budget: RateLimitBudget;

  constructor(factory: RateLimiterFactory, limits: SignupThrottleLimits) {
    this.#budget = new RateLimitBudget(factory, [
      { keyPrefix: 'signup-ip', points: limits.perIpPerHour, durationSeconds: hourSeconds },
      { keyPrefix: 'signup-all', points: limits.perHour, durationSeconds: hourSeconds },
    ]);
  }

  /** Charges the attempt (or throws `RateLimitedError`, without running it), then runs it. */
  async guard<T>(ip: string, attempt: () => Promise<T>): Promise<T> {
    await this.#budget.charge([ip, 'all']);
    return attempt();
  }
}
