import type { Claims } from '../claims.js';

/** What a revocation event names. */
export type RevocationKind = 'session' | 'refresh_family' | 'token' | 'user';

/** One revocation, as the verifier keeps it. */
export interface RevocationEntry {
  readonly kind: RevocationKind;
  /** `session` and `refresh_family`: the `sid` every token of that session or family carries. */
  readonly sid?: string;
  /** `token`: the revoked access token's `jti`. */
  readonly jti?: string;
  /** `user`: tokens of this `sub` issued at or before `revokedAtSeconds` are refused. */
  readonly sub?: string;
  /** When the revocation happened, epoch seconds (may be fractional). */
  readonly revokedAtSeconds: number;
  /** After this (epoch ms) no token it covers can still be valid, so the entry is dropped. */
  readonly untilMs: number;
}

interface Slot {
  untilMs: number;
  revokedAtSeconds: number;
}

/** How often expired entries are swept while adding. */
const SWEEP_INTERVAL_MS = 10_000;

/**
 * The in-memory set of live revocations: entries by `sid`, `jti` and `sub`, each dropped once its
 * `until` passes. Bounded: if it must evict an entry that is still live, it reports itself
 * incomplete until that entry would have expired, so a staleness budget fails closed instead of
 * silently forgetting a revocation.
 */
export class RevocationSet {
  readonly #slots = new Map<string, Slot>();
  #incompleteUntil = 0;
  #nextSweepAt = 0;

  constructor(private readonly maxEntries = 100_000) {}

  get size(): number {
    return this.#slots.size;
  }

  /** Epoch ms until which the set may miss live revocations (0 when complete). */
  get incompleteUntil(): number {
    return this.#incompleteUntil;
  }

  add(entry: RevocationEntry, now: number): void {
    if (entry.untilMs <= now) return;
    const key = slotKey(entry);
    if (key === undefined) return;
    if (now >= this.#nextSweepAt || this.#slots.size >= this.maxEntries) this.#sweep(now);
    const existing = this.#slots.get(key);
    if (existing !== undefined) {
      existing.untilMs = Math.max(existing.untilMs, entry.untilMs);
      existing.revokedAtSeconds = Math.max(existing.revokedAtSeconds, entry.revokedAtSeconds);
      return;
    }
    if (this.#slots.size >= this.maxEntries) {
      const oldest = this.#slots.entries().next();
      if (oldest.done !== true) {
        this.#slots.delete(oldest.value[0]);
        this.#incompleteUntil = Math.max(this.#incompleteUntil, oldest.value[1].untilMs);
      }
    }
    this.#slots.set(key, { untilMs: entry.untilMs, revokedAtSeconds: entry.revokedAtSeconds });
  }

  /** True when a live entry covers the token: its `sid`, its `jti`, or its `sub` with `iat` ≤ the revocation. */
  matches(claims: Claims, now: number): boolean {
    if (this.#slots.size === 0) return false;
    if (typeof claims.sid === 'string' && this.#live(`s:${claims.sid}`, now) !== undefined) return true;
    if (typeof claims.jti === 'string' && this.#live(`j:${claims.jti}`, now) !== undefined) return true;
    if (typeof claims.sub === 'string') {
      const user = this.#live(`u:${claims.sub}`, now);
      if (user !== undefined && !(typeof claims.iat === 'number' && claims.iat > user.revokedAtSeconds)) return true;
    }
    return false;
  }

  #live(key: string, now: number): Slot | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.untilMs > now) return slot;
    this.#slots.delete(key);
    return undefined;
  }

  #sweep(now: number): void {
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;
    for (const [key, slot] of this.#slots) if (slot.untilMs <= now) this.#slots.delete(key);
  }
}

function slotKey(entry: RevocationEntry): string | undefined {
  switch (entry.kind) {
    case 'session':
    case 'refresh_family':
      return entry.sid === undefined ? undefined : `s:${entry.sid}`;
    case 'token':
      return entry.jti === undefined ? undefined : `j:${entry.jti}`;
    case 'user':
      return entry.sub === undefined ? undefined : `u:${entry.sub}`;
  }
}
