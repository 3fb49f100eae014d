import type { RevocationBus, RevocationEvent, RevocationFeed } from '@tessera/core';
import type { ScaleOutMetrics } from './scale-out-metrics.js';

/**
 * The store's bus, with one addition: `publish` returns once the event has come back to this
 * instance through the channel (at most `waitMs`). A revocation request then answers only after
 * Redis has handed the event to every subscriber's connection: on a single Redis, each other
 * instance's socket already holds it when the client sees the answer, so the client's next
 * request, wherever the balancer sends it, nearly always finds it applied. Not always: two TCP
 * connections are not ordered with each other, and on an overloaded host the request can
 * overtake the event by a few milliseconds (docs/scale-out.md, "Strictness";
 * `TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0` is the strict alternative). In a Cluster the other
 * nodes get the event over the cluster bus, well under a millisecond later.
 * Revocations are rare; the wait is about one Redis round trip. It waits even while the feed
 * reports a gap (a false gap on a starved instance must not skip it); if the echo never comes,
 * the answer is late by `waitMs`, never wrong: Redis already holds the denylist entry.
 */
export class EchoConfirmedRevocationBus implements RevocationBus {
  constructor(
    private readonly inner: RevocationBus,
    private readonly feed: RevocationFeed,
    private readonly waitMs = 1000,
    private readonly metrics?: ScaleOutMetrics,
  ) {}

  async publish(event: RevocationEvent): Promise<void> {
    await this.inner.publish(event);
    if (event.id === '') return;
    if (!(await this.feed.heard(event.id, this.waitMs))) this.metrics?.echoMissed();
  }

  subscribe(handler: (event: RevocationEvent) => void): Promise<() => Promise<void>> {
    return this.inner.subscribe(handler);
  }
}
