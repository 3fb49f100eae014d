import type { Claims } from './claims.js';

/** One verified token: its claims and, once needed, its scopes as a set. */
export interface CachedToken {
  readonly claims: Claims;
  readonly exp: number;
  /** The key set's revision when the token was verified (see `KeyResolver.revision`). */
  readonly keyRevision: number;
  scopes: ReadonlySet<string> | undefined;
}

/**
 * Verified tokens by their whole string, so a repeated token costs a `Map` lookup and an `exp`
 * check instead of a signature. Bounded: least recently used entries go first. The verifier drops
 * an entry when its `exp` passes, its token is found revoked, or a key has left the key set since
 * it was verified, and still applies the revocation and staleness policy on every hit. Only
 * successful verifications are cached.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, CachedToken>();

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(token: string): CachedToken | undefined {
    const entry = this.#entries.get(token);
    if (entry !== undefined) {
      // Move to the most-recent end (Map keeps insertion order).
      this.#entries.delete(token);
      this.#entries.set(token, entry);
    }
    return entry;
  }

  set(token: string, claims: Claims, keyRevision: number, scopes?: ReadonlySet<string>): void {
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(token)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { claims, exp: claims.exp, keyRevision, scopes });
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  clear(): void {
    this.#entries.clear();
  }
}
