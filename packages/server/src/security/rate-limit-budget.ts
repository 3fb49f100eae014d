import { RateLimitedError, StoreUnavailableError } from '@tessera/core';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimiterFactory, RateLimiterSpec } from './rate-limiter-factory.js';

/** What one `charge` took from each counter, to give back when the attempt turns out not to count. */
export interface Charge {
  /** Gives the points back on the chosen counters (default all): the attempt was refused, or does not count. */
  refund(which?: (spec: RateLimiterSpec) => boolean): Promise<void>;
  /** Forgets the chosen counters' keys entirely (a success resets them). */
  reset(which: (spec: RateLimiterSpec) => boolean): Promise<void>;
}

/**
 * Several counters charged together for one attempt, consume-first: each counter's increment is
 * atomic in its store (rate-limiter-flexible: one Lua script in Redis, a map in memory), so N
 * parallel attempts, on one instance or many sharing Redis, see N distinct counts and at most
 * `points` of them get through. Checking first and charging after the work (a `get`, then a
 * `penalty`) let every request of a burst pass the check before any was charged (audit finding 1).
 *
 * An attempt refused by any counter is refunded on all of them, so blocked tries do not eat the
 * other counters' budgets. Fails closed: a counter store that cannot answer is a 503
 * (`StoreUnavailableError`), never an unthrottled pass.
 */
export class RateLimitBudget {
  readonly #counters: { spec: RateLimiterSpec; limiter: RateLimiterAbstract }[];

  constructor(factory: RateLimiterFactory, specs: readonly RateLimiterSpec[]) {
    this.#counters = specs.map((spec) => ({ spec, limiter: factory(spec) }));
  }

  /** Takes one point per counter (`keys[i]` for counter i), or throws `RateLimitedError` with the longest wait. */
  async charge(keys: readonly string[]): Promise<Charge> {
    const outcomes = await Promise.allSettled(this.#counters.map(async ({ limiter }, i) => limiter.consume(this.#key(keys, i), 1)));
    const charge = this.#chargeOf(keys);
    const storeFailure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !isRateLimiterRes(o.reason));
    if (storeFailure) {
      await charge.refund().catch(() => undefined);
      throw new StoreUnavailableError('rate limiter', { cause: storeFailure.reason });
    }
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as RateLimiterRes] : []));
    if (refusals.length > 0) {
      await charge.refund();
      throw new RateLimitedError(Math.ceil(Math.max(...refusals.map((r) => r.msBeforeNext)) / 1000));
    }
    return charge;
  }

  #chargeOf(keys: readonly string[]): Charge {
    return {
      refund: (which = () => true) =>
        this.#each((counter, i) => (which(counter.spec) ? counter.limiter.reward(this.#key(keys, i), 1) : Promise.resolve())),
      reset: (which) => this.#each((counter, i) => (which(counter.spec) ? counter.limiter.delete(this.#key(keys, i)) : Promise.resolve())),
    };
  }

  async #each(operation: (counter: { spec: RateLimiterSpec; limiter: RateLimiterAbstract }, index: number) => Promise<unknown>): Promise<void> {
    try {
      await Promise.all(this.#counters.map(async (counter, i) => operation(counter, i)));
    } catch (error) {
      throw new StoreUnavailableError('rate limiter', { cause: error });
    }
  }

  #key(keys: readonly string[], index: number): string {
    const key = keys[index];
    if (key === undefined) throw new TypeError(`RateLimitBudget: no key for counter ${this.#counters[index]?.spec.keyPrefix}`);
    return key;
  }
}

function isRateLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value && !(value instanceof Error);
}
