import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type FallbackOutcome = 'answered' | 'refused' | 'mirror_open';

/**
 * Prometheus metrics of the scale-out machinery (denylist mirror, revocation feed). Created with
 * the stores, before the server's registry exists; `register` adds them to it.
 */
export class ScaleOutMetrics {
  readonly #mirrors: { size: number; authoritative: boolean }[] = [];
  readonly #entries = new Gauge({
    name: 'tessera_denylist_mirror_entries',
    help: 'Denylist entries held in this instance\'s mirror',
    registers: [],
    collect: () => {
      this.#entries.set(this.#mirrors.reduce((sum, mirror) => sum + mirror.size, 0));
    },
  });
  readonly #authoritative = new Gauge({
    name: 'tessera_denylist_mirror_authoritative',
    help: '1 while the mirror answers "not denied" alone (feed live, within its bound), else 0 (misses go to Redis)',
    registers: [],
    collect: () => {
      this.#authoritative.set(this.#mirrors.every((mirror) => mirror.authoritative) ? 1 : 0);
    },
  });
  readonly #fallbacks = new Counter({
    name: 'tessera_denylist_mirror_fallback_lookups_total',
    help: 'Denylist lookups the mirror could not answer alone, by outcome: answered by Redis, refused (503), answered from the mirror (open mode)',
    labelNames: ['outcome'] as const,
    registers: [],
  });
  readonly #propagation = new Histogram({
    name: 'tessera_revocation_propagation_seconds',
    help: 'From a revocation event\'s timestamp (on the instance that revoked) to its application in this instance\'s mirror',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [],
  });
  readonly #gaps = new Counter({
    name: 'tessera_revocation_feed_gaps_total',
    help: 'Times the revocation feed may have lost events (connection closed, heartbeat not heard back)',
    registers: [],
  });
  readonly #echoMissed = new Counter({
    name: 'tessera_revocation_echo_missed_total',
    help: 'Revocations answered without having heard their own event back through Redis within the wait (1 s)',
    registers: [],
  });
  readonly #resyncs = new Counter({
    name: 'tessera_denylist_mirror_resyncs_total',
    help: 'Times the mirror reread the whole shared denylist (start, after a gap, after an overflow)',
    registers: [],
  });

  observeMirror(mirror: { size: number; authoritative: boolean }): void {
    this.#mirrors.push(mirror);
  }

  fallbackLookup(outcome: FallbackOutcome): void {
    this.#fallbacks.inc({ outcome });
  }

  eventApplied(lagSeconds: number): void {
    this.#propagation.observe(lagSeconds);
  }

  feedGap(): void {
    this.#gaps.inc();
  }

  echoMissed(): void {
    this.#echoMissed.inc();
  }

  resynced(): void {
    this.#resyncs.inc();
  }

  /** Adds the metrics to `registry`; none when there is no mirror (TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0). */
  register(registry: Registry): void {
    if (this.#mirrors.length === 0) return;
    for (const metric of [this.#entries, this.#authoritative, this.#fallbacks, this.#propagation, this.#gaps, this.#echoMissed, this.#resyncs]) registry.registerMetric(metric);
  }
}
