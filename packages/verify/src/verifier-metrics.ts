import { VERIFY_ERROR_CODES, type VerifyErrorCode } from './verify-error.js';

/** How many recent revocation-delay observations are kept for percentiles. */
const DELAY_WINDOW = 1024;

/** Summary of observed revocation delays (ms from the event's `iat` to its arrival here). */
export interface DelaySummary {
  readonly count: number;
  /** Over the most recent observations (up to 1024). `null` before the first one. */
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** The most recent observations, oldest first (up to 1024). */
  readonly recent: readonly number[];
}

/**
 * A snapshot of what a verifier has done since it was created. Plain data: safe to serialize or to
 * export as Prometheus gauges/counters.
 */
export interface VerifierMetrics {
  /** Tokens accepted. */
  readonly verified: number;
  /** Tokens refused, by code. */
  readonly failed: Readonly<Record<VerifyErrorCode, number>>;
  readonly cache: { readonly hits: number; readonly misses: number; readonly size: number };
  readonly jwks: { readonly fetches: number; readonly failures: number; readonly keys: number; readonly loadedAt: number | null };
  readonly introspection: { readonly requests: number; readonly failures: number; readonly cacheHits: number };
  readonly revocations: {
    /** True while the revocation stream is open. */
    readonly connected: boolean;
    readonly reconnects: number;
    /** Revocation events accepted from the stream. */
    readonly events: number;
    /** Events refused (bad signature, wrong issuer or type, malformed). */
    readonly rejectedEvents: number;
    /** Live entries in the revocation set. */
    readonly entries: number;
    /** Milliseconds since the last verified heartbeat (or source freshness); `null` before the first one or without a subscription. */
    readonly stalenessMs: number | null;
    /** Observed delay from revocation (event `iat`) to arrival at this verifier. */
    readonly delayMs: DelaySummary;
  };
}

/** Ring buffer of recent delay observations. */
export class DelayRecorder {
  readonly #window = new Float64Array(DELAY_WINDOW);
  #count = 0;
  #max = 0;

  observe(delayMs: number): void {
    const value = Math.max(0, delayMs);
    this.#window[this.#count % DELAY_WINDOW] = value;
    this.#count++;
    if (value > this.#max) this.#max = value;
  }

  summary(): DelaySummary {
    const kept = Math.min(this.#count, DELAY_WINDOW);
    const recent: number[] = [];
    for (let i = this.#count - kept; i < this.#count; i++) recent.push(this.#window[i % DELAY_WINDOW] ?? 0);
    const sorted = [...recent].sort((a, b) => a - b);
    const pick = (q: number): number | null => (sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null));
    return { count: this.#count, p50: pick(0.5), p99: pick(0.99), max: this.#count === 0 ? null : this.#max, recent };
  }
}

/** The mutable counters behind {@link VerifierMetrics} (internal; components increment fields directly). */
export class VerifierStats {
  verified = 0;
  readonly failed: Record<VerifyErrorCode, number> = Object.fromEntries(VERIFY_ERROR_CODES.map((code) => [code, 0])) as Record<VerifyErrorCode, number>;
  cacheHits = 0;
  cacheMisses = 0;
  jwksFetches = 0;
  jwksFailures = 0;
  jwksKeys = 0;
  jwksLoadedAt: number | undefined;
  introspectionRequests = 0;
  introspectionFailures = 0;
  introspectionCacheHits = 0;
  revocationConnected = false;
  revocationReconnects = 0;
  revocationEvents = 0;
  revocationEventsRejected = 0;
  readonly revocationDelay = new DelayRecorder();

  snapshot(extra: { cacheSize: number; revocationEntries: number; stalenessMs: number | null }): VerifierMetrics {
    return {
      verified: this.verified,
      failed: { ...this.failed },
      cache: { hits: this.cacheHits, misses: this.cacheMisses, size: extra.cacheSize },
      jwks: { fetches: this.jwksFetches, failures: this.jwksFailures, keys: this.jwksKeys, loadedAt: this.jwksLoadedAt ?? null },
      introspection: { requests: this.introspectionRequests, failures: this.introspectionFailures, cacheHits: this.introspectionCacheHits },
      revocations: {
        connected: this.revocationConnected,
        reconnects: this.revocationReconnects,
        events: this.revocationEvents,
        rejectedEvents: this.revocationEventsRejected,
        entries: extra.revocationEntries,
        stalenessMs: extra.stalenessMs,
        delayMs: this.revocationDelay.summary(),
      },
    };
  }
}
