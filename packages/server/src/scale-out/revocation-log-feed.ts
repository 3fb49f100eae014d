import type { RevocationBus, RevocationEvent, RevocationFeed, RevocationFeedListener, RevocationLog } from '@tessera/core';
import { findLogTail } from '../revocation-stream/revocation-log-tail.js';

/** Events read per poll page. */
const pageSize = 1000;

export interface RevocationLogFeedOptions {
  /** How often the log is read for events other processes appended, ms. */
  pollIntervalMs: number;
}

/**
 * Revocation events for a deployment without Redis (the embedded SQLite default, or PostgreSQL
 * alone), feeding the in-memory `DenylistMirror`:
 * - the revocation bus delivers at once what it can (in-process for SQLite; LISTEN/NOTIFY between
 *   PostgreSQL instances), best-effort;
 * - the durable revocation log is tailed every `pollIntervalMs` from the id it had reached, so an
 *   event the bus missed, or one another process appended (`tessera users disable` beside a
 *   running server), arrives within one interval. Log ids follow commit order on both databases
 *   (`SqlRevocationLog`), so resuming after the last id read never skips one.
 *
 * Live from the first read of the log's tail; lost when a read fails, live again (and the mirror
 * resynchronises) at the next read that succeeds. Nothing is lost meanwhile: the log is durable.
 */
export class RevocationLogFeed implements RevocationFeed {
  #listener: RevocationFeedListener | undefined;
  /** The last log id delivered; undefined until the tail has been read once. */
  #cursor: string | undefined;
  #tailKnown = false;
  #live = false;
  #polling: Promise<void> | null = null;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;
  #closed = false;
  readonly #waiters = new Set<{ id: number; resolve: (heard: boolean) => void }>();

  constructor(
    private readonly log: RevocationLog,
    private readonly bus: RevocationBus,
    private readonly options: RevocationLogFeedOptions,
  ) {}

  get live(): boolean {
    return this.#live;
  }

  start(listener: RevocationFeedListener): void {
    if (this.#listener) throw new Error('the revocation feed is already started');
    this.#listener = listener;
    this.bus
      .subscribe((event) => this.#deliver(event))
      .then((unsubscribe) => {
        if (this.#closed) void unsubscribe();
        else this.#unsubscribe = unsubscribe;
      })
      // Best-effort by design: the log poll delivers whatever the bus cannot.
      .catch(() => {});
    this.#timer = setInterval(() => void this.poll(), this.options.pollIntervalMs);
    this.#timer.unref();
    void this.poll();
  }

  /** Reads the log once now (single-flight); the timer calls it every interval. */
  poll(): Promise<void> {
    this.#polling ??= this.#read().finally(() => (this.#polling = null));
    return this.#polling;
  }

  heard(eventId: string, timeoutMs: number): Promise<boolean> {
    const id = Number(eventId);
    if (this.#cursor !== undefined && Number(this.#cursor) >= id) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { id, resolve };
      this.#waiters.add(waiter);
      setTimeout(() => {
        if (this.#waiters.delete(waiter)) resolve(false);
      }, timeoutMs).unref();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#polling;
    await this.#unsubscribe?.();
    for (const waiter of this.#waiters) waiter.resolve(false);
    this.#waiters.clear();
  }

  async #read(): Promise<void> {
    if (this.#closed || !this.#listener) return;
    try {
      if (!this.#tailKnown) {
        // Everything before the tail is in the denylist already (it is written before the log):
        // the mirror's resync on `live` reads it.
        this.#cursor = await findLogTail(this.log);
        this.#tailKnown = true;
      } else {
        await this.#readNewEvents();
      }
    } catch {
      if (this.#live) {
        this.#live = false;
        this.#listener.lost('the revocation log could not be read');
      }
      return;
    }
    if (!this.#live && !this.#closed) {
      this.#live = true;
      this.#listener.live();
    }
  }

  async #readNewEvents(): Promise<void> {
    for (;;) {
      const page = await this.log.listAfter(this.#cursor, pageSize);
      for (const event of page) this.#deliver(event);
      const last = page.at(-1);
      if (last) this.#cursor = last.id;
      this.#settleWaiters();
      if (page.length < pageSize) return;
    }
  }

  #deliver(event: RevocationEvent): void {
    // Bus and log may both deliver an event: the mirror only ever extends entries, so twice is harmless.
    this.#listener?.event(event);
  }

  #settleWaiters(): void {
    const reached = Number(this.#cursor);
    for (const waiter of this.#waiters) {
      if (waiter.id > reached) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(true);
    }
  }
}
