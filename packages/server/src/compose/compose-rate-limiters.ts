import type { Stores } from '@tessera/core';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { ServerConfig } from '../config/config-options.js';
import { memoryRateLimiterFactory, type RateLimiterFactory } from '../security/rate-limiter-factory.js';
import { scaleOutOf } from './compose-stores.js';

/**
 * Counters of the login throttle, the sign-up throttle and the revocation limit. In memory for one instance; with `REDIS_URL` they are shared
 * through rate-limiter-flexible's `RateLimiterRedis` on the stores' own ioredis client (single
 * node or Cluster: each counter is one key, its script touches only that key), or N instances
 * would allow N times the configured tries.
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
 * `stores` are the composed stores (their Redis client is reused); when they carry no Redis
 * overlay (tests pass their own stores), the counters stay in memory.
 */
export function composeRateLimiterFactory(config: ServerConfig, stores?: Stores): RateLimiterFactory {
  const scaleOut = config.redisUrl === undefined || stores === undefined ? undefined : scaleOutOf(stores);
  if (!scaleOut) return memoryRateLimiterFactory;
  return (spec) =>
    new RateLimiterRedis({
      storeClient: scaleOut.redis,
      keyPrefix: `${scaleOut.prefix}rl:${spec.keyPrefix}`,
      points: spec.points,
      duration: spec.durationSeconds,
      rejectIfRedisNotReady: true,
    });
}
