import type { RevocationEvent } from '../model/records.js';

/**
 * Fan-out of revocation events to every instance (and so to every local cache), as fast as the
 * transport allows. Delivery is best-effort; the `RevocationLog` is the durable record.
 */
export interface RevocationBus {
  publish(event: RevocationEvent): Promise<void>;
  /** Returns an unsubscribe function. Handlers must not throw. */
  subscribe(handler: (event: RevocationEvent) => void): Promise<() => Promise<void>>;
}
