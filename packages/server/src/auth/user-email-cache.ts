import { systemClock, type Clock } from '@tessera/core';

/**
 * userId → email for the Bearer path of `/api/me`, so a verified token costs no user-store read.
 * Bounded (least recently used entries go first) and short-lived; emails do not change in
 * Tessera today, the expiry only bounds staleness if they ever do. Per instance, not shared.
 */
export class UserEmailCache {
  readonly #entries = new Map<string, { email: string | null; expiresAt: number }>();

  constructor(
    private readonly load: (userId: string) => Promise<string | null>,
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 60_000,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(userId: string): Promise<string | null> {
    const hit = this.#entries.get(userId);
    const now = this.clock.now();
    if (hit && hit.expiresAt > now) {
      this.#entries.delete(userId);
      this.#entries.set(userId, hit);
      return hit.email;
    }
    const email = await this.load(userId);
    this.#entries.delete(userId);
    this.#entries.set(userId, { email, expiresAt: now + this.ttlMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return email;
  }
}
