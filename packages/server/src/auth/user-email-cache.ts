import { systemClock, type Clock } from '@tessera/core';
import { LRUCache } from 'lru-cache';

/**
 * userId → email for the Bearer path of `/api/me`, so a verified token costs no user-store read.
 * Bounded (least recently used entries go first) and short-lived; emails do not change in
 * Tessera today, the expiry only bounds staleness if they ever do. Per instance, not shared.
 */
export class UserEmailCache {
  // Expiry kept here rather than with lru-cache's `ttl`, which ignores entries stored at time 0
  // of an injected clock. The wrapper also lets a null email be remembered (lru-cache holds no null).
  readonly #entries: LRUCache<string, { email: string | null; expiresAt: number }>;

  constructor(
    private readonly load: (userId: string) => Promise<string | null>,
    maxEntries = 10_000,
    private readonly ttlMs = 60_000,
    private readonly clock: Clock = systemClock,
  ) {
    this.#entries = new LRUCache({ max: maxEntries });
  }

  async get(userId: string): Promise<string | null> {
    const hit = this.#entries.get(userId);
    const now = this.clock.now();
    if (hit && hit.expiresAt > now) return hit.email;
    const email = await this.load(userId);
    this.#entries.set(userId, { email, expiresAt: now + this.ttlMs });
    return email;
  }
}
