import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What a limiter counts: `points` events per key within `durationSeconds` (a fixed window from the first event). */
export interface RateLimiterSpec {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/**
 * Makes the counters behind the login throttle. Injected so that one process uses memory and a
 * fleet shares Redis (`RateLimiterRedis` from rate-limiter-flexible behind the same interface):
 * with per-instance memory counters, N instances would allow N times the configured tries.
 */
export type RateLimiterFactory = (spec: RateLimiterSpec) => RateLimiterAbstract;

export const memoryRateLimiterFactory: RateLimiterFactory = (spec) =>
  new RateLimiterMemory({ keyPrefix: spec.keyPrefix, points: spec.points, duration: spec.durationSeconds });
