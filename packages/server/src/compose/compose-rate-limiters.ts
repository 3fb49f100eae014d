import type { ServerConfig } from '../config/config-options.js';
import { memoryRateLimiterFactory, type RateLimiterFactory } from '../security/rate-limiter-factory.js';

/**
 * Counters of the login throttle. In memory for one instance; with `REDIS_URL` they must be shared
 * (rate-limiter-flexible's `RateLimiterRedis` on the store's client), or N instances allow N times
 * the configured tries. Wired by issue 3.
 */
export function composeRateLimiterFactory(_config: ServerConfig): RateLimiterFactory {
  return memoryRateLimiterFactory;
}
