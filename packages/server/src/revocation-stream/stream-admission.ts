import { RateLimitedError } from '@tessera/core';
import type { RevocationStreamSettings } from './revocation-stream-settings.js';

type AdmissionLimits = Pick<RevocationStreamSettings, 'maxStreams' | 'maxStreamsPerIp' | 'maxStreamsPerClient' | 'retryMs'>;

/**
 * The caps on open revocation streams: per instance, per client address (one noisy neighbour
 * cannot take them all) and per authenticated client. A slot is taken before the stream's first
 * log read and given back when the stream closes.
 */
export class StreamAdmission {
  readonly #perIp = new Map<string, number>();
  readonly #perClient = new Map<string, number>();
  #open = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  /** Takes a slot, or throws `RateLimitedError` (429; `Retry-After` a little past the SSE `retry:`). */
  admit(ip: string, clientId: string): void {
    const fromIp = this.#perIp.get(ip) ?? 0;
    const fromClient = this.#perClient.get(clientId) ?? 0;
    if (this.#open >= this.limits.maxStreams || fromIp >= this.limits.maxStreamsPerIp || fromClient >= this.limits.maxStreamsPerClient) {
      throw new RateLimitedError(this.limits.retryMs / 1000 + 5);
    }
    this.#open++;
    this.#perIp.set(ip, fromIp + 1);
    this.#perClient.set(clientId, fromClient + 1);
  }

  /** Gives back a slot taken by `admit`. */
  release(ip: string, clientId: string): void {
    this.#open--;
    decrement(this.#perIp, ip);
    decrement(this.#perClient, clientId);
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left <= 0) counts.delete(key);
  else counts.set(key, left);
}
