import type { Clock } from '../clock.js';
import { fetchJson, type FetchLike } from '../http/fetch-json.js';
import type { VerifierStats } from '../verifier-metrics.js';
import { VerifyError } from '../verify-error.js';

/** An RFC 7662 §2.2 introspection response (only `active` is required). */
export interface IntrospectionResponse {
  readonly active: boolean;
  readonly [field: string]: unknown;
}

/** Settings of an {@link IntrospectionClient}. */
export interface IntrospectionClientSettings {
  /** The endpoint URL (given, or `introspection_endpoint` from the metadata). */
  readonly endpoint: () => Promise<string>;
  /** The verifier's `client` credentials, as the `client_secret_basic` header. */
  readonly authorization: string;
  /** How long an answer may be reused; 0 asks the server every time. */
  readonly cacheMs: number;
  readonly maxEntries: number;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly stats: VerifierStats;
}

interface CachedAnswer {
  readonly response: IntrospectionResponse;
  readonly expiresAt: number;
}

/**
 * Asks the authorization server about a token (RFC 7662): `POST token=…` with
 * `client_secret_basic` authentication (RFC 6749 §2.3.1: id and secret form-encoded, then
 * base64). Answers may be kept for `cacheMs` (never beyond the token's `exp`) in a bounded map.
 * Any failure rejects with `introspection_failed`: callers fail closed.
 */
export class IntrospectionClient {
  readonly #cache = new Map<string, CachedAnswer>();

  constructor(private readonly settings: IntrospectionClientSettings) {}

  get size(): number {
    return this.#cache.size;
  }

  async introspect(token: string): Promise<IntrospectionResponse> {
    const { cacheMs, clock, stats } = this.settings;
    if (cacheMs > 0) {
      const cached = this.#cache.get(token);
      if (cached !== undefined) {
        if (cached.expiresAt > clock.now()) {
          stats.introspectionCacheHits++;
          return cached.response;
        }
        this.#cache.delete(token);
      }
    }
    stats.introspectionRequests++;
    let response: IntrospectionResponse;
    try {
      const endpoint = await this.settings.endpoint();
      const answer = await fetchJson(this.settings.fetch, endpoint, {
        method: 'POST',
        headers: { authorization: this.settings.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token }).toString(),
      });
      if (typeof answer.active !== 'boolean') throw new Error('introspection answer has no boolean "active"');
      response = answer as IntrospectionResponse;
    } catch (cause) {
      stats.introspectionFailures++;
      throw new VerifyError('introspection_failed', 'the introspection endpoint could not be asked', { cause });
    }
    if (cacheMs > 0) this.#remember(token, response, clock.now());
    return response;
  }

  #remember(token: string, response: IntrospectionResponse, now: number): void {
    let expiresAt = now + this.settings.cacheMs;
    if (typeof response.exp === 'number') expiresAt = Math.min(expiresAt, response.exp * 1000);
    if (expiresAt <= now) return;
    if (this.#cache.size >= this.settings.maxEntries) {
      const oldest = this.#cache.keys().next();
      if (oldest.done !== true) this.#cache.delete(oldest.value);
    }
    this.#cache.set(token, { response, expiresAt });
  }
}
