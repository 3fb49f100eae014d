import type { RevocationEvent } from '../model/records.js';

/** What a `RevocationFeed` tells its one listener. Callbacks must not throw. */
export interface RevocationFeedListener {
  /** A revocation event, in the order the transport delivers them. */
  event(event: RevocationEvent): void;
  /**
   * Delivery may have stopped (connection closed, heartbeat not echoed in time, publish failed):
   * events published from now on may be lost until `live`.
   */
  lost(reason: string): void;
  /**
   * Delivery is proven again: a heartbeat published after the gap began has come back through
   * the channel, so every event published after it will arrive (until the next `lost`). Events
   * published during the gap may be missing: the listener resynchronises from the durable store.
   */
  live(): void;
}

/**
 * Revocation events with an honest account of gaps: unlike the best-effort `RevocationBus` port,
 * a feed says when it may have missed something, which is what a local cache needs to decide
 * whether it can still answer alone.
 */
export interface RevocationFeed {
  /** True between `live` and the next `lost`. */
  readonly live: boolean;
  /** Starts delivering to `listener` (once). The first `live` marks the first proven delivery. */
  start(listener: RevocationFeedListener): void;
  /** Whether an event with this id has come through the channel within `timeoutMs` (false on timeout). */
  heard(eventId: string, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}
