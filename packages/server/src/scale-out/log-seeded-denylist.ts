import { randomBytes } from 'node:crypto';
import { systemClock, type Clock, StoreUnavailableError, type DenylistEntry, type DenylistStore, type RevocationEvent, type RevocationLog } from '@tessera/core';
import type { RedisDenylistStore } from '@tessera/store-redis';

/** Log events read per page while seeding. */
const pageSize = 1000;
/** Denylist writes in flight at once while seeding (one connection: effectively a pipeline). */
const writeBatch = 200;
/** Seeds tried in a row before the caller gets a 503 (each one is retried by the next request anyway). */
const seedAttempts = 3;

export interface LogSeededDenylistOptions {
  /** Core's clock shape; default `systemClock`. */
  clock?: Clock;
  logger?: { info(message: string): void; warn(message: string): void };
}

/**
 * The Redis denylist with the durable revocation log (SQL) behind it as the source of truth.
 * Redis may come back without its data (a restart without persistence, a FLUSHDB, a failover
 * to an empty replica); the entries it lost would let revoked access tokens through again.
 *
 * - Every lookup reads the seed sentinel in the same round trip (`check`). No sentinel: this
 *   Redis has lost the denylist, or never had it, so no lookup is answered from it until the
 *   log's unexpired events have been written back and the sentinel set; meanwhile the lookup
 *   waits for the seed, and fails with `StoreUnavailableError` (503) if the seed cannot finish.
 * - A seed is single-flight per instance; N instances seeding at once is harmless (entries are
 *   only ever added, and only extended). It begins by storing a token (or joining the one another
 *   instance stored), and sets the sentinel only if Redis still holds that token at the end: a
 *   Redis emptied mid-seed is seeded again.
 * - `listActive` (the mirror's resync) seeds first too, so a mirror never warms from an empty Redis.
 */
export class LogSeededDenylist implements DenylistStore {
  readonly #clock: Clock;
  #seeding: Promise<void> | null = null;

  constructor(
    private readonly redis: RedisDenylistStore,
    private readonly log: RevocationLog,
    private readonly options: LogSeededDenylistOptions = {},
  ) {
    this.#clock = options.clock ?? systemClock;
  }

  add(entry: DenylistEntry): Promise<void> {
    return this.redis.add(entry);
  }

  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    let verdict = await this.redis.check(jti, sid, now);
    if (verdict === 'unseeded') {
      await this.ensureSeeded();
      verdict = await this.redis.check(jti, sid, now);
    }
    if (verdict === 'unseeded') throw new StoreUnavailableError('redis', { cause: new Error('the denylist lost its data again while being re-seeded') });
    return verdict === 'denied';
  }

  async listActive(now: number): Promise<DenylistEntry[]> {
    if (!(await this.redis.isSeeded())) await this.ensureSeeded();
    return this.redis.listActive(now);
  }

  /** Seeds Redis from the log unless it already holds a seeded denylist. */
  ensureSeeded(): Promise<void> {
    this.#seeding ??= this.#seedUntilDone().finally(() => (this.#seeding = null));
    return this.#seeding;
  }

  async #seedUntilDone(): Promise<void> {
    for (let attempt = 0; attempt < seedAttempts; attempt++) {
      if (await this.redis.isSeeded()) return;
      const token = await this.redis.beginSeed(randomBytes(12).toString('base64url'));
      const written = await this.#copyLog();
      if (await this.redis.completeSeed(token, this.#clock.now())) {
        this.options.logger?.info(`denylist: seeded Redis with ${written} entries from the revocation log`);
        return;
      }
    }
    if (await this.redis.isSeeded()) return;
    throw new StoreUnavailableError('redis', { cause: new Error('could not seed the denylist from the revocation log') });
  }

  /** Writes every unexpired token/session/family event of the log as a denylist entry; returns how many. */
  async #copyLog(): Promise<number> {
    let afterId: string | undefined;
    let written = 0;
    for (;;) {
      let page: RevocationEvent[];
      try {
        page = await this.log.listAfter(afterId, pageSize);
      } catch (error) {
        throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError('revocation log', { cause: error });
      }
      const now = this.#clock.now();
      const entries = page.flatMap((event) => entryOf(event, now));
      for (let i = 0; i < entries.length; i += writeBatch) {
        await Promise.all(entries.slice(i, i + writeBatch).map((entry) => this.redis.add(entry)));
      }
      written += entries.length;
      if (page.length < pageSize) return written;
      afterId = page[page.length - 1]!.id;
    }
  }
}

/** The denylist entry an event stands for (`user` events have none: their sessions and families were revoked one by one). */
function entryOf(event: RevocationEvent, now: number): DenylistEntry[] {
  if (event.expiresAt <= now) return [];
  const { subject } = event;
  if (subject.kind === 'token') return [{ kind: 'jti', value: subject.jti, expiresAt: event.expiresAt }];
  if (subject.kind === 'session' || subject.kind === 'refresh_family') return [{ kind: 'sid', value: subject.sid, expiresAt: event.expiresAt }];
  return [];
}
