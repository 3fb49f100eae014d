import { randomBytes } from 'node:crypto';
import { systemClock, type Clock, type RevocationEvent, type RevocationFeed, type RevocationFeedListener } from '@tessera/core';
import { Cluster } from 'ioredis';
import type { RedisClient } from './create-redis-client.js';
import { publishFromSlotOwner } from './publish-from-slot-owner.js';

/** How many recently heard event ids `heard()` remembers (it is asked right after a publish). */
const rememberedIds = 256;

export interface RedisRevocationFeedOptions {
  /** A heartbeat is published this often. Default 500 ms. */
  heartbeatIntervalMs?: number;
  /** A heartbeat not back within this means delivery may have stopped. Default 1500 ms. */
  silenceLimitMs?: number;
  /** While lost this long with no proof of delivery, the subscriber connection is recycled. Default 5000 ms. */
  reconnectAfterMs?: number;
  /** Core's clock shape; default `systemClock`. */
  clock?: Clock;
}

/**
 * Revocation events from the Redis channel `RedisRevocationBus` publishes on, on a
 * subscriber connection of its own, with gap detection:
 *
 * - the connection closing is a gap at once (a killed or restarted Redis);
 * - a heartbeat (`{"heartbeat": <nonce>, "seq": n}`, which the bus ignores: it has no `subject`)
 *   is published on the same channel every `heartbeatIntervalMs`; one not echoed within
 *   `silenceLimitMs` is a gap (a silent network failure, a hung Redis, a Cluster subscriber
 *   moving to another node). Because every message leaves from the channel's one slot owner in
 *   order, hearing our own heartbeat proves that every event published before it was delivered.
 * - after a gap, `live` fires only on a heartbeat published after the gap was noticed.
 *
 * Its subscriber is not the bus's: the feed recycles a connection that stays silent, and that
 * must not tear down the best-effort subscriptions other code holds on the bus.
 */
export class RedisRevocationFeed implements RevocationFeed {
  readonly #nonce = randomBytes(9).toString('base64url');
  readonly #heartbeatIntervalMs: number;
  readonly #silenceLimitMs: number;
  readonly #reconnectAfterMs: number;
  readonly #clock: Clock;
  #listener: RevocationFeedListener | null = null;
  #subscriber: RedisClient | null = null;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;
  #closed = false;
  #live = false;
  #lostSince: number;
  #lastRecycleAt = 0;
  #seq = 0;
  /** Only a heartbeat with at least this number proves delivery after the latest gap. */
  #proofFromSeq = 1;
  /** Send times of heartbeats not yet heard back, oldest first. */
  readonly #outstanding = new Map<number, number>();
  readonly #recentIds: string[] = [];
  readonly #waiters = new Map<string, Set<(heard: boolean) => void>>();

  constructor(
    private readonly client: RedisClient,
    private readonly channel: string,
    options: RedisRevocationFeedOptions = {},
  ) {
    this.#heartbeatIntervalMs = options.heartbeatIntervalMs ?? 500;
    this.#silenceLimitMs = options.silenceLimitMs ?? 1500;
    this.#reconnectAfterMs = options.reconnectAfterMs ?? 5000;
    this.#clock = options.clock ?? systemClock;
    this.#lostSince = this.#clock.now();
  }

  get live(): boolean {
    return this.#live;
  }

  start(listener: RevocationFeedListener): void {
    if (this.#listener || this.#closed) throw new Error('a revocation feed starts once');
    this.#listener = listener;
    const client = this.client;
    const subscriber: RedisClient = client instanceof Cluster ? client.duplicate() : client.duplicate();
    // Connection errors surface as gaps; the listener only keeps Node from calling them unhandled.
    subscriber.on('error', () => {});
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.#receive(message);
    });
    subscriber.on('close', () => this.#lose('subscriber connection closed'));
    // A (re)connection is worth a heartbeat at once rather than at the next tick: start-up and
    // recovery after an outage then take one round trip, not up to a heartbeat interval.
    subscriber.on('ready', () => void this.#tick());
    this.#subscriber = subscriber;
    this.#timer = setInterval(() => void this.#tick(), this.#heartbeatIntervalMs);
    this.#timer.unref();
    void this.#tick();
  }

  heard(eventId: string, timeoutMs: number): Promise<boolean> {
    if (this.#recentIds.includes(eventId)) return Promise.resolve(true);
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(eventId) ?? new Set();
      this.#waiters.set(eventId, waiters);
      const done = (heard: boolean) => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.#waiters.delete(eventId);
        resolve(heard);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      timer.unref();
      waiters.add(done);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#live = false;
    clearInterval(this.#timer);
    for (const waiters of [...this.#waiters.values()]) for (const done of [...waiters]) done(false);
    this.#subscriber?.disconnect();
    this.#subscriber = null;
  }

  async #tick(): Promise<void> {
    if (this.#closed || this.#ticking) return;
    this.#ticking = true;
    try {
      const now = this.#clock.now();
      const oldest = this.#outstanding.values().next();
      if (!oldest.done && now - oldest.value > this.#silenceLimitMs) {
        this.#lose(`heartbeat not heard back within ${this.#silenceLimitMs} ms`);
      }
      if (!this.#live) await this.#recoverSubscription(now);
      await this.#publishHeartbeat();
    } finally {
      this.#ticking = false;
    }
  }

  /** SUBSCRIBE again (idempotent; ioredis also re-subscribes by itself) and recycle a connection that stays silent. */
  async #recoverSubscription(now: number): Promise<void> {
    const subscriber = this.#subscriber;
    if (!subscriber) return;
    if (now - this.#lostSince > this.#reconnectAfterMs && now - this.#lastRecycleAt > this.#reconnectAfterMs && this.client.status === 'ready') {
      // The shared client reaches Redis but our heartbeats do not come back: a half-open socket
      // that ioredis would keep forever. Reconnect it.
      this.#lastRecycleAt = now;
      subscriber.disconnect(true);
      return;
    }
    try {
      await subscriber.subscribe(this.channel);
    } catch {
      // Not connected yet: the next tick tries again.
    }
  }

  async #publishHeartbeat(): Promise<void> {
    const seq = ++this.#seq;
    this.#outstanding.set(seq, this.#clock.now());
    try {
      await publishFromSlotOwner.run(this.client, this.channel, JSON.stringify({ heartbeat: this.#nonce, seq }));
    } catch {
      this.#outstanding.delete(seq);
      this.#lose('cannot publish a heartbeat');
    }
  }

  #lose(reason: string): void {
    if (this.#closed) return;
    // Whatever arrives from now on proves nothing unless it was published after this moment.
    this.#proofFromSeq = this.#seq + 1;
    this.#outstanding.clear();
    if (!this.#live) return;
    this.#live = false;
    this.#lostSince = this.#clock.now();
    this.#listener?.lost(reason);
  }

  #receive(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null) return;
    if ('heartbeat' in parsed) {
      const { heartbeat, seq } = parsed as { heartbeat: unknown; seq: unknown };
      if (heartbeat === this.#nonce && typeof seq === 'number') this.#heartbeatHeard(seq);
      return; // another instance's heartbeat
    }
    if (!isRevocationEvent(parsed)) return;
    this.#remember(parsed.id);
    this.#listener?.event(parsed);
  }

  #heartbeatHeard(seq: number): void {
    for (const pending of [...this.#outstanding.keys()]) {
      if (pending > seq) break;
      this.#outstanding.delete(pending);
    }
    if (!this.#live && seq >= this.#proofFromSeq) {
      this.#live = true;
      this.#listener?.live();
    }
  }

  #remember(id: string): void {
    if (id === '') return;
    this.#recentIds.push(id);
    if (this.#recentIds.length > rememberedIds) this.#recentIds.shift();
    for (const done of [...(this.#waiters.get(id) ?? [])]) done(true);
  }
}

function isRevocationEvent(value: object): value is RevocationEvent {
  const { id, at, expiresAt, subject } = value as Partial<RevocationEvent>;
  return typeof id === 'string' && typeof at === 'number' && typeof expiresAt === 'number' && typeof subject === 'object' && subject !== null && typeof subject.kind === 'string';
}
