import type { Algorithm } from '../jws/algorithms.js';
import type { Clock } from '../clock.js';
import type { VerifierStats } from '../verifier-metrics.js';
import { VerifyError } from '../verify-error.js';
import type { KeyResolver } from './key-resolver.js';
import { importVerificationKey, type VerificationKey } from './verification-key.js';

/** Before the first successful load, retry at most this often (a cold start should not wait 30 s). */
const INITIAL_RETRY_MS = 1000;
/** A server's `Cache-Control: max-age` never makes the set reload more often than this. */
const MIN_SERVER_MAX_AGE_MS = 1000;

/** What a {@link KeySet} load yields: the JWKS document and, if the source said, how long it stays fresh. */
export interface LoadedKeySet {
  /** A JWKS document (`{ keys: [...] }`). */
  readonly document: unknown;
  /** The source's freshness lifetime (the JWKS response's `Cache-Control: max-age`), ms. */
  readonly maxAgeMs?: number | undefined;
}

/** Settings of a {@link KeySet}. */
export interface KeySetSettings {
  /** Fetches or reads the JWKS. */
  readonly load: () => Promise<LoadedKeySet>;
  /** False for a fixed local JWKS: an unknown `kid` is then refused without reloading. */
  readonly reloadable: boolean;
  /** An unknown `kid` reloads the set at most once per this many ms. */
  readonly cooldownMs: number;
  /** The set is reloaded in the background after this many ms (a source's shorter `max-age` wins). */
  readonly maxAgeMs: number;
  readonly allowed: ReadonlySet<Algorithm>;
  readonly clock: Clock;
  readonly stats: VerifierStats;
}

/**
 * A JWKS held in memory, keyed by `kid`.
 *
 * - An unknown `kid` reloads the set at most once per `cooldownMs`, and all requests waiting for an
 *   unknown `kid` share that one load: a storm of forged kids costs the server one fetch per
 *   cooldown.
 * - After `maxAgeMs` (or the JWKS response's shorter `Cache-Control: max-age`, but never more often
 *   than once a second) the set is reloaded in the background while the current keys keep
 *   serving; this schedule is independent of the unknown-kid cooldown (a retired key disappears
 *   within the max age plus one fetch). A failed reload keeps the old keys and is retried after
 *   the cooldown (at least 1 s, at most the max age).
 * - Keys whose JWK did not change are not imported again: the same `kid` keeps the same
 *   {@link VerificationKey} object, so a verified-token cache can tell whether its key is still there.
 */
export class KeySet implements KeyResolver {
  #keys = new Map<string, VerificationKey>();
  #imported = new Map<string, VerificationKey | undefined>();
  #loadedAt: number | undefined;
  #staleAt = Number.POSITIVE_INFINITY;
  /** Last load caused by an unknown `kid` (or the first load): the cooldown counts from here. */
  #lastAttemptAt = Number.NEGATIVE_INFINITY;
  #lastError: unknown;
  #inFlight: Promise<void> | undefined;

  constructor(private readonly settings: KeySetSettings) {}

  get reloadable(): boolean {
    return this.settings.reloadable;
  }

  loadedAt(): number | undefined {
    return this.#loadedAt;
  }

  get(kid: string | undefined, now: number): VerificationKey | undefined {
    if (now >= this.#staleAt) this.#refreshInBackground();
    return kid === undefined ? undefined : this.#keys.get(kid);
  }

  async load(kid: string | undefined, now: number): Promise<VerificationKey> {
    if (kid === undefined) {
      if (this.#loadedAt === undefined) await this.ready();
      throw new VerifyError('unknown_key', 'token header has no "kid"');
    }
    if (this.#inFlight === undefined) {
      const known = this.#keys.get(kid);
      if (known !== undefined) return known;
      const loaded = this.#loadedAt !== undefined;
      if (loaded && !this.settings.reloadable) throw new VerifyError('unknown_key', 'no key with this "kid"');
      const cooldown = loaded ? this.settings.cooldownMs : Math.min(this.settings.cooldownMs, INITIAL_RETRY_MS);
      if (now - this.#lastAttemptAt < cooldown) {
        if (loaded) throw new VerifyError('unknown_key', 'no key with this "kid" (key set reloaded recently)');
        throw new VerifyError('jwks_unavailable', 'the key set could not be loaded', { cause: this.#lastError });
      }
      this.#lastAttemptAt = now;
      void this.#refresh();
    }
    await this.#inFlight;
    const key = this.#keys.get(kid);
    if (key === undefined) throw new VerifyError('unknown_key', 'no key with this "kid"');
    return key;
  }

  async ready(): Promise<void> {
    if (this.#loadedAt !== undefined) return;
    if (this.#inFlight === undefined) this.#lastAttemptAt = this.settings.clock.now();
    await (this.#inFlight ?? this.#refresh());
  }

  /** The max-age reload: not gated by the unknown-kid cooldown, only by the schedule and one load at a time. */
  #refreshInBackground(): void {
    if (this.#inFlight !== undefined) return;
    this.#refresh().catch(() => {
      // Keep serving the keys we have; the failure is counted in the stats and retried later.
    });
  }

  #refresh(): Promise<void> {
    this.settings.stats.jwksFetches++;
    const loading = this.#loadAndImport().finally(() => {
      if (this.#inFlight === loading) this.#inFlight = undefined;
    });
    this.#inFlight = loading;
    // The returned promise may be ignored by concurrent waiters: never an unhandled rejection.
    loading.catch(() => undefined);
    return loading;
  }

  async #loadAndImport(): Promise<void> {
    let loaded: LoadedKeySet;
    try {
      loaded = await this.settings.load();
    } catch (cause) {
      this.#fail(cause);
    }
    const candidates = (loaded.document as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(candidates)) this.#fail(new Error('JWKS has no "keys" array'));
    const keys = new Map<string, VerificationKey>();
    const imported = new Map<string, VerificationKey | undefined>();
    for (const candidate of candidates as unknown[]) {
      const fingerprint = JSON.stringify(candidate);
      const key = this.#imported.has(fingerprint)
        ? this.#imported.get(fingerprint)
        : await importVerificationKey(candidate, this.settings.allowed);
      imported.set(fingerprint, key);
      // Duplicate kids: the first one wins (RFC 7517 §4.5 asks for distinct kids).
      if (key !== undefined && !keys.has(key.kid)) keys.set(key.kid, key);
    }
    this.#keys = keys;
    this.#imported = imported;
    this.#lastError = undefined;
    this.#loadedAt = this.settings.clock.now();
    this.#staleAt = this.settings.reloadable ? this.#loadedAt + this.#maxAgeMs(loaded.maxAgeMs) : Number.POSITIVE_INFINITY;
    this.settings.stats.jwksKeys = keys.size;
    this.settings.stats.jwksLoadedAt = this.#loadedAt;
  }

  /** The option, shortened by the source's `max-age` (but never below 1 s: `max-age=0` must not mean a load per request). */
  #maxAgeMs(sourceMaxAgeMs: number | undefined): number {
    const { maxAgeMs } = this.settings;
    if (sourceMaxAgeMs === undefined) return maxAgeMs;
    return Math.min(maxAgeMs, Math.max(sourceMaxAgeMs, MIN_SERVER_MAX_AGE_MS));
  }

  #fail(cause: unknown): never {
    this.#lastError = cause;
    this.settings.stats.jwksFailures++;
    // A set already serving retries in the background after the cooldown (1 s to the max age).
    if (this.#loadedAt !== undefined && this.settings.reloadable) {
      const { maxAgeMs, cooldownMs } = this.settings;
      this.#staleAt = this.settings.clock.now() + Math.min(maxAgeMs, Math.max(cooldownMs, INITIAL_RETRY_MS));
    }
    throw new VerifyError('jwks_unavailable', 'the key set could not be loaded', { cause });
  }
}
