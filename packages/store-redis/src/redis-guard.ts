import { StoreUnavailableError } from '@tessera/core';
import type { RedisClient } from './create-redis-client.js';

/** Default bound on one store call, waiting for a reconnect included. */
export const defaultRedisTimeoutMs = 500;

/**
 * Runs store operations so that they either finish or reject with `StoreUnavailableError`
 * within a bound, never hang, and start working again by themselves once Redis is back.
 *
 * - Client not ready: wait for `ready`, but only while the connection has been down for less
 *   than the bound. A blip (a restart, a failover, the first connect at start-up) is ridden over
 *   without errors; in a sustained outage every call fails at once, so no requests pile up
 *   waiting for a Redis that is not coming back soon.
 * - Anything the client or Redis throws (connection closed, timeout, CLUSTERDOWN, …) becomes
 *   `StoreUnavailableError` with the original as `cause`; callers map it to 503 and fail closed.
 */
export class RedisGuard {
  #closed = false;
  #readyWaiter: Promise<void> | null = null;
  /** When the client was last seen leaving `ready` (or was created); null while ready. */
  #downSince: number | null;

  constructor(
    readonly client: RedisClient,
    readonly timeoutMs: number = defaultRedisTimeoutMs,
  ) {
    if (!(timeoutMs > 0)) throw new TypeError('timeoutMs must be positive');
    // Without a listener, ioredis keeps connection errors to itself, which is what we want:
    // they surface as failing calls. The listener only keeps Node from treating them as unhandled.
    client.on('error', () => {});
    this.#downSince = client.status === 'ready' ? null : Date.now();
    client.on('ready', () => {
      this.#downSince = null;
    });
    client.on('close', () => {
      this.#downSince ??= Date.now();
    });
  }

  /** Marks the guard closed: later calls reject at once. */
  close(): void {
    this.#closed = true;
  }

  /**
   * Runs `operation` (Redis commands on `client`). `operationTimeoutMs` bounds the operation
   * itself (default: the guard's bound; longer for whole-keyspace scans); the wait for a
   * reconnect is always bounded by the guard's own `timeoutMs`.
   */
  async run<T>(operation: () => Promise<T>, operationTimeoutMs = this.timeoutMs): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError('redis', { cause: new Error('store closed') });
    const timers: NodeJS.Timeout[] = [];
    const deadline = (ms: number, what: string) =>
      new Promise<never>((_, reject) => {
        timers.push(setTimeout(() => reject(new Error(`${what} exceeded ${ms} ms`)), ms));
      });
    try {
      if (this.client.status !== 'ready') {
        const now = Date.now();
        this.#downSince ??= now;
        const graceMs = this.timeoutMs - (now - this.#downSince);
        if (graceMs <= 0) throw new Error(`Redis connection is ${this.client.status}`);
        await Promise.race([this.#whenReady(), deadline(graceMs, 'waiting for Redis')]);
      }
      return await Promise.race([operation(), deadline(operationTimeoutMs, 'Redis call')]);
    } catch (error) {
      throw new StoreUnavailableError('redis', { cause: error });
    } finally {
      for (const timer of timers) clearTimeout(timer);
    }
  }

  /** One shared waiter per outage, so a burst of calls adds one listener, not thousands. */
  #whenReady(): Promise<void> {
    if (this.client.status === 'end') return Promise.reject(new Error('Redis connection ended'));
    this.#readyWaiter ??= new Promise<void>((resolve) => {
      this.client.once('ready', () => {
        this.#readyWaiter = null;
        resolve();
      });
    });
    return this.#readyWaiter;
  }
}
