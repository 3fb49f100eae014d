import type { Claims } from '../claims.js';

/**
 * Where the verifier learns about revocations without a per-request call. `revocations: 'subscribe'`
 * uses the server's SSE stream; pass your own object to feed revocations from elsewhere (a message
 * bus, a test). The verifier never closes a source it did not create.
 *
 * @example
 * ```ts
 * const revoked = new Set<string>();
 * const source: RevocationSource = {
 *   isRevoked: (claims) => claims.sid !== undefined && revoked.has(claims.sid),
 *   freshAt: () => Date.now(), // always current: the set is updated in-process
 * };
 * createVerifier({ issuer, audience, revocations: source, maxStaleness: 30 });
 * ```
 */
export interface RevocationSource {
  /** True when the token with these claims is revoked. Synchronous, no I/O: it runs on every request. */
  isRevoked(claims: Claims, now: number): boolean;
  /**
   * Epoch ms at which the source last knew its state to be complete and current (its last event or
   * heartbeat), or `undefined` when it does not know (never connected, or its set overflowed).
   * A numeric `maxStaleness` compares against it.
   */
  freshAt(): number | undefined;
  /** Optional: resolves once the source is first current, so early requests can wait briefly. */
  ready?(): Promise<void>;
  /** Optional: stop and release resources (called by `verifier.close()` only for sources it created). */
  close?(): void;
}
