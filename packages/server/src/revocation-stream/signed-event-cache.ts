import { signSecurityEventToken, type KeyManager, type RevocationEvent } from '@tessera/core';
import { revocationFrame } from './server-sent-event.js';

/**
 * Each event is signed once, not once per subscriber: a live event goes to every connection as the
 * same frame, and replays after a restart reuse recent signatures. An entry is signed again when
 * the signing key has changed since (so no frame outlives its key's publication).
 */
export class SignedEventCache {
  readonly #frames = new Map<string, { kid: string; frame: string }>();

  constructor(
    private readonly keys: Pick<KeyManager, 'signingKey'>,
    private readonly issuer: string,
    private readonly maxEntries = 4096,
  ) {}

  /** The SSE frame (`id`, `event: revocation`, `data: <SET>`) of one event. */
  async frame(event: RevocationEvent): Promise<string> {
    const key = await this.keys.signingKey();
    const cached = this.#frames.get(event.id);
    if (cached !== undefined && cached.kid === key.kid) return cached.frame;
    const signed = await signSecurityEventToken(event, { signingKey: async () => key }, { issuer: this.issuer });
    const frame = revocationFrame(event.id, signed.token);
    this.#frames.delete(event.id);
    this.#frames.set(event.id, { kid: key.kid, frame });
    if (this.#frames.size > this.maxEntries) this.#frames.delete(this.#frames.keys().next().value as string);
    return frame;
  }

  get size(): number {
    return this.#frames.size;
  }
}
