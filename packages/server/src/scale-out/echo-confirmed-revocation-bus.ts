import type { RevocationBus, RevocationEvent } from '@tessera/core';
import type { RevocationFeed } from './revocation-feed.js';

/**
 * The store's bus, with one addition: `publish` returns once the event has come back to this
 * instance through the channel (at most `waitMs`, and only while the feed is live). A revocation
 * request then answers only after Redis has handed the event to every subscriber's connection:
 * on a single Redis, each other instance's socket already holds it when the client sees the
 * answer, so the client's very next request, wherever the balancer sends it, is refused.
 * (In a Cluster the other nodes get it over the cluster bus, well under a millisecond later.)
 * Revocations are rare; the wait is about one Redis round trip.
 */
export class EchoConfirmedRevocationBus implements RevocationBus {
  constructor(
    private readonly inner: RevocationBus,
    private readonly feed: RevocationFeed,
    private readonly waitMs = 100,
  ) {}

  async publish(event: RevocationEvent): Promise<void> {
    await this.inner.publish(event);
    if (event.id !== '' && this.feed.live) await this.feed.heard(event.id, this.waitMs);
  }

  subscribe(handler: (event: RevocationEvent) => void): Promise<() => Promise<void>> {
    return this.inner.subscribe(handler);
  }
}
