/**
 * Revocation events over Redis pub/sub, single node or Cluster.
 *
 * Channel: `P revocations` (P = prefix). Publishing uses the shared client; subscribing uses
 * one dedicated connection (`client.duplicate()`), opened on the first `subscribe`, because a
 * connection in subscriber mode can run nothing else.
 *
 * Cluster: plain SUBSCRIBE, not sharded pub/sub; a PUBLISH is broadcast over the cluster bus to
 * every node, so a subscriber connected to any node receives it, and ioredis moves the
 * subscription to another node when its node fails. One thing plain PUBLISH lacks is order:
 * ioredis sends a keyless PUBLISH to a random master, and two publishes that left from different
 * masters can reach the subscriber's node in either order (the contract suite caught exactly
 * that). So the PUBLISH runs inside a one-line script that names the channel as its key: every
 * publish leaves from the one master that owns the channel's slot and reaches each other node
 * over one ordered cluster-bus link. Sharded pub/sub (SPUBLISH) would route the same way but
 * needs a subscriber connection per shard and more client machinery, for no gain with one channel.
 *
 * Reconnects: ioredis re-subscribes by itself: a single-node client after reconnecting
 * (`autoResubscribe`, on by default and kept on), a Cluster client on another node or on the
 * restarted one (both are tested with real processes). Delivery is best-effort, as the port
 * says: events published while the subscriber is disconnected are lost; the durable record is
 * the RevocationLog, and a local cache fed by this bus must bound its staleness by its own TTL.
 */
import type { RevocationEvent, RevocationBus } from '@tessera/core';
import { Cluster } from 'ioredis';
import type { RedisClient } from './create-redis-client.js';
import type { KeySpace } from './key-space.js';
import { publishFromSlotOwner } from './publish-from-slot-owner.js';
import { RedisGuard } from './redis-guard.js';

type Handler = (event: RevocationEvent) => void;

export class RedisRevocationBus implements RevocationBus {
  readonly #handlers = new Set<Handler>();
  readonly #channel: string;
  #subscriber: RedisGuard | null = null;
  #closed = false;

  constructor(
    private readonly guard: RedisGuard,
    keys: KeySpace,
  ) {
    this.#channel = keys.revocationChannel();
  }

  async publish(event: RevocationEvent): Promise<void> {
    const message = JSON.stringify(event);
    await this.guard.run(() => publishFromSlotOwner.run(this.guard.client, this.#channel, message));
  }

  async subscribe(handler: Handler): Promise<() => Promise<void>> {
    this.#handlers.add(handler);
    try {
      await this.#ensureSubscribed();
    } catch (error) {
      this.#handlers.delete(handler);
      throw error;
    }
    return async () => {
      this.#handlers.delete(handler);
    };
  }

  /** Closes the subscriber connection. Idempotent; the shared client is closed by its owner. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    const subscriber = this.#subscriber;
    this.#subscriber = null;
    if (subscriber) {
      subscriber.close();
      subscriber.client.disconnect();
    }
  }

  /**
   * SUBSCRIBE on every `subscribe` call: idempotent on the server, and it proves the subscription
   * is live right now (a Cluster client's own status can read `ready` while every node is down).
   * The channel stays subscribed for the bus's lifetime, even when the last handler leaves:
   * cheap, and no unsubscribe/subscribe races.
   */
  async #ensureSubscribed(): Promise<void> {
    if (this.#closed) return this.guard.run(() => Promise.reject(new Error('revocation bus closed')));
    if (!this.#subscriber) {
      const client = this.guard.client;
      const connection: RedisClient = client instanceof Cluster ? client.duplicate() : client.duplicate();
      connection.on('message', (channel: string, message: string) => {
        if (channel === this.#channel) this.#deliver(message);
      });
      this.#subscriber = new RedisGuard(connection, this.guard.timeoutMs);
    }
    const subscriber = this.#subscriber;
    await subscriber.run(() => subscriber.client.subscribe(this.#channel));
  }

  #deliver(message: string): void {
    let event: RevocationEvent;
    try {
      event = JSON.parse(message) as RevocationEvent;
    } catch {
      return; // Not ours (or corrupt): nothing to deliver.
    }
    if (typeof event !== 'object' || event === null || typeof event.subject !== 'object' || event.subject === null) return;
    for (const handler of [...this.#handlers]) {
      try {
        // Each handler gets its own copy, as with the reference bus.
        handler(structuredClone(event));
      } catch {
        // Handlers must not throw (port contract); one that does must not starve the others
        // or break the connection's reply parser, which calls us.
      }
    }
  }
}
