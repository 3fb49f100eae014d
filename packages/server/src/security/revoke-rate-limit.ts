import type { RateLimiterFactory } from './rate-limiter-factory.js';
import { RateLimitBudget } from './rate-limit-budget.js';

export interface RevokeRateLimitLimits {
  perClientPerMinute: number;
  perIpPerMinute: number;
}

/**
 * Caps `POST /oauth/revoke` per IP (charged before the client is authenticated, so a flood does not
 * buy secret checks) and per client (charged once the client is known: a confidential client's
 * budget cannot be spent without its secret). Two budgets, not one, because the client is known
 * only after the per-IP check has done its job.
 */
export class RevokeRateLimit {
  readonly #perIp: RateLimitBudget;
  readonly #perClient: RateLimitBudget;

  constructor(factory: RateLimiterFactory, limits: RevokeRateLimitLimits) {
    this.#perIp = new RateLimitBudget(factory, [{ keyPrefix: 'revoke-ip', points: limits.perIpPerMinute, durationSeconds: 60 }]);
    this.#perClient = new RateLimitBudget(factory, [{ keyPrefix: 'revoke-client', points: limits.perClientPerMinute, durationSeconds: 60 }]);
  }

  /** Throws `RateLimitedError` when this IP is over its budget. */
  async chargeIp(ip: string): Promise<void> {
    await this.#perIp.charge([ip]);
  }

  /** Throws `RateLimitedError` when this client is over its budget. */
  async chargeClient(clientId: string): Promise<void> {
    await this.#perClient.charge([clientId]);
  }
}
