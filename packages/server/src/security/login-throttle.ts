import { createHash } from 'node:crypto';
import { RateLimitedError, StoreUnavailableError } from '@tessera/core';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterFactory } from './rate-limiter-factory.js';

export interface LoginThrottleLimits {
  /** Consecutive failures for one account from one IP (reset by a success). */
  failuresPerAccountAndIp: number;
  /** Failures for one account from every IP (reset by a success). */
  failuresPerAccount: number;
  /** Failures from one IP for any account (not reset by a success). */
  failuresPerIp: number;
  windowSeconds: number;
}

interface Counter {
  limiter: RateLimiterAbstract;
  points: number;
  key: (account: string, ip: string) => string;
  resetOnSuccess: boolean;
}

/**
 * Throttles password guessing on `/auth/login` and the password grant alike (ASVS 5.0 V6.3.1,
 * NIST SP 800-63B §5.2.2), after rate-limiter-flexible's "login endpoint protection" recipe:
 * - account + IP: a few consecutive failures, then 429 until the window ends. Stops a single
 *   guesser without letting anyone lock a victim out from elsewhere.
 * - account, any IP: NIST's cap on failures per account, against guessing from many addresses.
 * - IP, any account: credential stuffing. A success does not reset it, or one valid account of
 *   the attacker's would clear the counter between guesses.
 * Only wrong credentials count; malformed requests are refused before they reach a password.
 * Accounts are keyed by a hash of the normalised email, so the counter store never holds addresses.
 */
export class LoginThrottle {
  readonly #counters: Counter[];

  constructor(factory: RateLimiterFactory, limits: LoginThrottleLimits) {
    const counter = (name: string, points: number, key: Counter['key'], resetOnSuccess: boolean): Counter => ({
      limiter: factory({ keyPrefix: `login-fail-${name}`, points, durationSeconds: limits.windowSeconds }),
      points,
      key,
      resetOnSuccess,
    });
    this.#counters = [
      counter('account-ip', limits.failuresPerAccountAndIp, (account, ip) => `${account}:${ip}`, true),
      counter('account', limits.failuresPerAccount, (account) => account, true),
      counter('ip', limits.failuresPerIp, (_account, ip) => ip, false),
    ];
  }

  /**
   * Runs `attempt` unless a counter is exhausted (then `RateLimitedError` with the wait), counts a
   * failure when `isFailure(error)`, and resets the per-account counters on success.
   */
  async guard<T>(email: string, ip: string, attempt: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const account = accountKey(email);
    await this.#check(account, ip);
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      if (isFailure(error)) await this.#each((c) => c.limiter.penalty(c.key(account, ip), 1));
      throw error;
    }
    await this.#each((c) => (c.resetOnSuccess ? c.limiter.delete(c.key(account, ip)) : Promise.resolve(true)));
    return result;
  }

  async #check(account: string, ip: string): Promise<void> {
    const states = await this.#each((c) => c.limiter.get(c.key(account, ip)));
    let waitMs = 0;
    states.forEach((state, index) => {
      const counter = this.#counters[index];
      if (state && counter && state.consumedPoints >= counter.points) waitMs = Math.max(waitMs, state.msBeforeNext);
    });
    if (waitMs > 0) throw new RateLimitedError(Math.ceil(waitMs / 1000));
  }

  /** Fails closed: a counter store that cannot answer refuses the login (503), it does not wave it through. */
  async #each<R>(operation: (counter: Counter) => Promise<R>): Promise<R[]> {
    try {
      return await Promise.all(this.#counters.map(operation));
    } catch (error) {
      if (isRateLimiterRes(error)) return [];
      throw new StoreUnavailableError('rate limiter', { cause: error });
    }
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().normalize('NFC').toLowerCase()).digest('base64url').slice(0, 22);
}

function isRateLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value && !(value instanceof Error);
}
