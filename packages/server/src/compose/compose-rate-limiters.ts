import { RateLimiterRedis } from 'rate-limiter-flexible';
import { memoryRateLimiterFactory, type RateLimiterFactory } from '../security/rate-limiter-factory.js';
import type { RedisOverlay } from './compose-stores.js';

/**
 * Counters of the login throttle, the sign-up throttle and the revocation limit. In memory for one
 * instance; with `REDIS_URL` they are shared through rate-limiter-flexible's `RateLimiterRedis` on
 * the stores' own ioredis client (single node or Cluster: each counter is one key, its script
 * touches only that key), or N instances would allow N times the configured tries.
 *
 * Failure choices, deliberately fail-closed like the rest of the Redis overlay:
 * - `rejectIfRedisNotReady: true`: while the client is not connected a counter call rejects at
 *   once instead of waiting (the client never queues offline commands anyway), and the throttle
 *   turns the rejection into 503 `store_unavailable`: no login (or sign-up, or revocation) is
 *   waved through unthrottled.
 * - no `insuranceLimiter`: a per-instance memory fallback would keep password logins available
 *   during a Redis outage but let an attacker make N instances × the limit in tries meanwhile.
 *   (`/auth/login` needs Redis for the session anyway; only the password grant would gain.)
 *
 * `redis` is the overlay `composeStores` returned with the stores (its client is reused); without
 * one (no `REDIS_URL`, or tests passing their own stores), the counters stay in memory.
 */
export function composeRateLimiterFactory(redis?: Pick<RedisOverlay, 'client' | 'prefix'>): RateLimiterFactory {
  if (!redis) return memoryRateLimiterFactory;
  return (spec) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${redis.prefix}rl:${spec.keyPrefix}`,
      points: spec.points,
      duration: spec.durationSeconds,
      rejectIfRedisNotReady: true,
    });
}
