/**
 * Where the verifier reads the time (epoch milliseconds). Inject one in tests instead of faking
 * timers.
 *
 * @example
 * ```ts
 * let now = Date.parse('2030-01-01T00:00:00Z');
 * const verifier = createVerifier({ issuer, audience, clock: { now: () => now } });
 * ```
 */
export interface Clock {
  now(): number;
}

/** `Date.now()`. */
export const systemClock: Clock = { now: () => Date.now() };
