import type { RevocationEvent } from '../model/records.js';
import type { RevocationBus } from '../ports/revocation-bus.js';

/** In-process fan-out: enough for one instance, and the reference for the Redis bus. */
export class MemoryRevocationBus implements RevocationBus {
  readonly #handlers = new Set<(event: RevocationEvent) => void>();

  async publish(event: RevocationEvent): Promise<void> {
    for (const handler of this.#handlers) handler(structuredClone(event));
  }
  async subscribe(handler: (event: RevocationEvent) => void): Promise<() => Promise<void>> {
    this.#handlers.add(handler);
    return async () => {
      this.#handlers.delete(handler);
    };
  }
}
