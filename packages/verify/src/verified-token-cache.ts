import type { Claims } from './claims.js';
import type { VerificationKey } from './keys/verification-key.js';

/** One verified token: its claims and, once needed, its scopes as a set. */
export interface CachedToken {
  readonly claims: Claims;
  readonly exp: number;
  /** The header's `kid` and the key that verified the signature: a hit counts only while `kid` still maps to it. */
  readonly kid: string | undefined;
  readonly key: VerificationKey;
  scopes: ReadonlySet<string> | undefined;
}

/**
 * Verified tokens by their whole string, so a repeated token costs a `Map` lookup and an `exp`
 * check instead of a signature. Bounded: least recently used entries go first. The verifier drops
 * an entry when its `exp` passes, its token is found revoked, or its key has left (or changed in)
 * the key set, and still applies the revocation and staleness policy on every hit. Only
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

  set(token: string, claims: Claims, kid: string | undefined, key: VerificationKey, scopes?: ReadonlySet<string>): void {
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(token)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { claims, exp: claims.exp, kid, key, scopes });
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  clear(): void {
    this.#entries.clear();
  }
}
