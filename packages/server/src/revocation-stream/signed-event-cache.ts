import { signSecurityEventToken, type KeyManager, type RevocationEvent } from '@tessera/core';
import { LRUCache } from 'lru-cache';
import { revocationFrame } from './server-sent-event.js';

/**
 * Each event is signed once per subscribing client (its `aud`), not once per connection: a live
 * event goes to every connection of a client as the same frame, and replays after a restart reuse
 * recent signatures. An entry is signed again when the signing key has changed since.
 */
export class SignedEventCache {
  readonly #frames: LRUCache<string, { kid: string; frame: string }>;

  constructor(
    private readonly keys: Pick<KeyManager, 'revocationEventKey'>,
    private readonly issuer: string,
    maxEntries = 4096,
  ) {
    this.#frames = new LRUCache({ max: maxEntries });
  }

  /** The SSE frame (`id`, `event: revocation`, `data: <SET>`) of one event, addressed to `audience` (a client id). */
  async frame(event: RevocationEvent, audience: string): Promise<string> {
    const key = await this.keys.revocationEventKey();
    const cacheKey = `${audience}\n${event.id}`;
    const cached = this.#frames.get(cacheKey);
    if (cached !== undefined && cached.kid === key.kid) return cached.frame;
    const signed = await signSecurityEventToken(event, { signingKey: async () => key }, { issuer: this.issuer, audience });
    const frame = revocationFrame(event.id, signed.token);
    this.#frames.set(cacheKey, { kid: key.kid, frame });
    return frame;
  }

  get size(): number {
    return this.#frames.size;
  }
}
