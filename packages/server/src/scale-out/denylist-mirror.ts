import { systemClock, type Clock, type DenylistEntry, type DenylistStore, type RevocationEvent, type RevocationFeed } from '@tessera/core';
import type { ScaleOutMetrics } from './scale-out-metrics.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** `closed`: refuse (the caller answers 503) when nobody can say for sure; `open`: answer from the mirror. */
export type RevocationFailureMode = 'closed' | 'open';

export interface DenylistMirrorOptions {
  failureMode: RevocationFailureMode;
  /** Most entries kept; past it the oldest are dropped and the mirror stops answering "not denied" alone. */
  maxEntries: number;
  /** Expired entries are swept this often (reads ignore them anyway). Default 10 s. */
  sweepIntervalMs?: number;
  /** Core's clock shape; default `systemClock`. */
  clock?: Clock;
  metrics?: ScaleOutMetrics;
  logger?: { info(message: string): void; warn(message: string): void };
}

type MirrorState = 'starting' | 'live' | 'gap';

/**
 * The access-token denylist as the Bearer path sees it on one instance: a local copy of the shared
 * (Redis) denylist, so checking a token costs a Map lookup instead of a network round trip.
 *
 * - Warm: `listActive` once the feed is proven live, merged with whatever events arrived meanwhile
 *   (entries are only ever added, so a union is always right).
 * - Fed: every revocation event becomes an entry (`session`/`refresh_family` → `sid`, `token` →
 *   `jti`) until the event's `expiresAt`; `add` on this instance goes to the shared store first,
 *   then into the mirror at once.
 * - Authoritative only while the feed is live and no entry was dropped for space: then "not
 *   denied" is answered locally. Otherwise (starting, a gap in the feed, an overflow) a miss is
 *   asked of the shared store, one round trip as without a mirror; if that fails too, the failure
 *   mode decides (`closed`: the error propagates, a 503; `open`: the mirror's answer, once it has
 *   been warmed at least once). A hit is always answered locally: a denial never goes stale.
 * - Bounded: at most `maxEntries`; entries die at their `expiresAt` (ignored on read, swept).
 */
export class DenylistMirror implements DenylistStore {
  /** `jti:<value>` / `sid:<value>` → expiresAt, roughly in expiry order (insertion order). */
  readonly #entries = new Map<string, number>();
  readonly #clock: Clock;
  readonly #sweepIntervalMs: number;
  #state: MirrorState = 'starting';
  /** False after an entry was dropped for space, until a resync fits. */
  #complete = true;
  #warmedOnce = false;
  /** Bumped by every gap; a resync that saw a gap meanwhile does not make the mirror live. */
  #gapGeneration = 0;
  #resyncing: Promise<void> | null = null;
  #sweepTimer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #firstLive: Promise<void>;
  #resolveFirstLive!: () => void;

  constructor(
    private readonly shared: DenylistStore,
    private readonly feed: RevocationFeed,
    private readonly options: DenylistMirrorOptions,
  ) {
    this.#clock = options.clock ?? systemClock;
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
    this.#firstLive = new Promise((resolve) => (this.#resolveFirstLive = resolve));
    options.metrics?.observeMirror(this);
  }

  /** Entries held now (expired ones not yet swept included). */
  get size(): number {
    return this.#entries.size;
  }

  /** True while "not denied" is answered without asking the shared store. */
  get authoritative(): boolean {
    return this.#state === 'live' && this.#complete;
  }

  /**
   * Starts following the feed and resolves once the mirror is warm, or after `waitMs` (the
   * instance then starts anyway: lookups go to the shared store until the mirror is live).
   */
  async start(waitMs = 3000): Promise<void> {
    this.feed.start({
      event: (event) => this.#apply(event),
      lost: (reason) => this.#gap(reason),
      live: () => this.#resync(),
    });
    this.#sweepTimer = setInterval(() => this.#sweep(), this.#sweepIntervalMs);
    this.#sweepTimer.unref();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#firstLive, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    if (this.#state !== 'live') this.options.logger?.warn('denylist mirror: not warm yet; denylist lookups go to Redis until it is');
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweepTimer);
    await this.feed.close();
  }

  async add(entry: DenylistEntry): Promise<void> {
    try {
      await this.shared.add(entry);
    } finally {
      // Even when the shared store failed (the revocation answers 503 and is retried), this
      // instance refuses the token from now on: denying more is never unsafe.
      this.#put(entry.kind, entry.value, entry.expiresAt);
    }
  }

  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    if (this.#holds('jti', jti, now) || (sid !== undefined && this.#holds('sid', sid, now))) return true;
    if (this.authoritative) return false;
    try {
      const denied = await this.shared.isDenied(jti, sid, now);
      this.options.metrics?.fallbackLookup('answered');
      return denied;
    } catch (error) {
      if (this.options.failureMode === 'open' && this.#warmedOnce) {
        this.options.metrics?.fallbackLookup('mirror_open');
        return false;
      }
      this.options.metrics?.fallbackLookup('refused');
      throw error;
    }
  }

  listActive(now: number): Promise<DenylistEntry[]> {
    return this.shared.listActive(now);
  }

  #holds(kind: 'jti' | 'sid', value: string, now: number): boolean {
    const expiresAt = this.#entries.get(`${kind}:${value}`);
    return expiresAt !== undefined && expiresAt > now;
  }

  #apply(event: RevocationEvent): void {
    const { subject } = event;
    if (subject.kind === 'token') this.#put('jti', subject.jti, event.expiresAt);
    else if (subject.kind === 'session' || subject.kind === 'refresh_family') this.#put('sid', subject.sid, event.expiresAt);
    // `user`: its sessions and families were revoked one by one before, each with its own event.
    this.options.metrics?.eventApplied(Math.max(0, this.#clock.now() - event.at) / 1000);
  }

  #put(kind: 'jti' | 'sid', value: string, expiresAt: number): void {
    if (expiresAt <= this.#clock.now()) return;
    const key = `${kind}:${value}`;
    const current = this.#entries.get(key);
    if (current !== undefined && current >= expiresAt) return;
    this.#entries.delete(key);
    this.#entries.set(key, expiresAt);
    while (this.#entries.size > this.options.maxEntries) {
      // Insertion order is close to expiry order (entries live one access-token lifetime).
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
      if (this.#complete) {
        this.#complete = false;
        this.options.logger?.warn(`denylist mirror: more than ${this.options.maxEntries} entries (TESSERA_DENYLIST_MIRROR_MAX_ENTRIES); misses go to Redis until it fits`);
      }
    }
  }

  #gap(reason: string): void {
    this.#gapGeneration++;
    if (this.#state === 'live') this.options.logger?.warn(`denylist mirror: revocation feed interrupted (${reason}); misses go to Redis until it resumes`);
    this.#state = this.#state === 'starting' ? 'starting' : 'gap';
    this.options.metrics?.feedGap();
  }

  /** Called when the feed is proven live: read the whole shared denylist, then trust the mirror. */
  #resync(): void {
    if (this.#resyncing) return;
    this.#resyncing = this.#runResync().finally(() => (this.#resyncing = null));
  }

  async #runResync(): Promise<void> {
    for (let attempt = 0; !this.#closed; attempt++) {
      const generation = this.#gapGeneration;
      try {
        const now = this.#clock.now();
        const entries = await this.shared.listActive(now);
        if (entries.length <= this.options.maxEntries) this.#complete = true;
        for (const entry of entries) this.#put(entry.kind, entry.value, entry.expiresAt);
      } catch {
        // The shared store is unreachable although the channel works: try again shortly, unless a gap ends this.
        if (generation !== this.#gapGeneration) return;
        // Unref'd: a retry backoff never keeps the process alive.
        await sleep(Math.min(200 * 2 ** attempt, 2000), undefined, { ref: false });
        continue;
      }
      if (generation !== this.#gapGeneration) return; // a new gap began: the next `live` resyncs again
      const wasLive = this.#state === 'live';
      this.#state = 'live';
      this.#warmedOnce = true;
      this.options.metrics?.resynced();
      if (!wasLive) this.options.logger?.info(`denylist mirror: live with ${this.#entries.size} entries${this.#complete ? '' : ' (over the bound: misses go to Redis)'}`);
      this.#resolveFirstLive();
      return;
    }
  }

  #sweep(): void {
    const now = this.#clock.now();
    for (const [key, expiresAt] of this.#entries) if (expiresAt <= now) this.#entries.delete(key);
    // Over the bound earlier and fitting again: reread the shared denylist to become complete.
    if (!this.#complete && this.#state === 'live' && this.#entries.size < this.options.maxEntries * 0.9) this.#resync();
  }
}
