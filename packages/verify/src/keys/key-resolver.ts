import type { VerificationKey } from './verification-key.js';

/**
 * Where the verifier gets keys. The key is chosen only by the header's `kid` (RFC 8725 §3.10:
 * `jku`, `x5u`, `jwk` and `x5c` headers are never fetched or trusted).
 */
export interface KeyResolver {
  /** The key for `kid` if it is known right now. Synchronous: the hot path calls it. */
  get(kid: string | undefined, now: number): VerificationKey | undefined;
  /**
   * The key for a `kid` that `get` did not know: reloads the key set if the cooldown allows, and
   * rejects with `VerifyError` `unknown_key` or `jwks_unavailable` otherwise.
   */
  load(kid: string | undefined, now: number): Promise<VerificationKey>;
  /** Resolves once a key set has been loaded (rejects with `jwks_unavailable` when it cannot be). */
  ready(): Promise<void>;
  /** False when an unknown `kid` can never become known (a fixed local JWKS, a shared secret). */
  readonly reloadable: boolean;
  /** When the key set was last loaded successfully (epoch ms), if ever. */
  loadedAt(): number | undefined;
}
