import type { Stores } from '@tessera/core';

/** How long a store probe may take before the instance counts as not ready. */
const probeTimeoutMs = 2000;

/**
 * Whether this instance can serve: its stores answer, and it is not shutting down. `/healthz` and
 * `/readyz` both ask it; a load balancer takes the instance out on 503.
 */
export class Readiness {
  #draining = false;
  readonly #warnings: string[] = [];

  constructor(private readonly stores: Stores) {}

  /** From now on every probe says 503 (graceful shutdown). */
  drain(): void {
    this.#draining = true;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Something an operator should fix that does not stop serving (a misconfigured proxy): shown by `/readyz`. */
  warn(message: string): void {
    if (!this.#warnings.includes(message)) this.#warnings.push(message);
  }

  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** `null` when ready, else a short reason. Reads one absent user and the denylist: cheap, and touches each backend kind. */
  async check(): Promise<string | null> {
    if (this.#draining) return 'shutting down';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('store probe timed out'), probeTimeoutMs);
    });
    const probe = Promise.all([
      this.stores.users.findById('readiness-probe'),
      this.stores.denylist.isDenied('readiness-probe', undefined, Date.now()),
      this.stores.sessions.findByTokenHash('readiness-probe'),
    ]).then(
      () => null,
      () => 'a store is unreachable',
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
