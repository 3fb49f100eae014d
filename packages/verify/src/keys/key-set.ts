import type { Algorithm } from '../jws/algorithms.js';
import type { Clock } from '../clock.js';
import type { VerifierStats } from '../verifier-metrics.js';
import { VerifyError } from '../verify-error.js';
import type { KeyResolver } from './key-resolver.js';
import { importVerificationKey, type VerificationKey } from './verification-key.js';

/** Before the first successful load, retry at most this often (a cold start should not wait 30 s). */
const INITIAL_RETRY_MS = 1000;

/** Settings of a {@link KeySet}. */
export interface KeySetSettings {
  /** Returns a JWKS document (`{ keys: [...] }`): fetched, or a local object. */
  readonly load: () => Promise<unknown>;
  /** False for a fixed local JWKS: an unknown `kid` is then refused without reloading. */
  readonly reloadable: boolean;
  readonly cooldownMs: number;
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
 * - After `maxAgeMs` the set is reloaded in the background while the current keys keep serving
 *   (a retired key disappears within `maxAgeMs` plus one fetch). A failed reload keeps the old keys.
 * - Keys whose JWK did not change are not imported again.
 */
export class KeySet implements KeyResolver {
  #keys = new Map<string, VerificationKey>();
  #imported = new Map<string, VerificationKey | undefined>();
  #loadedAt: number | undefined;
  #staleAt = Number.POSITIVE_INFINITY;
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
    if (now >= this.#staleAt) this.#refreshInBackground(now);
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
      void this.#refresh(now);
    }
    await this.#inFlight;
    const key = this.#keys.get(kid);
    if (key === undefined) throw new VerifyError('unknown_key', 'no key with this "kid"');
    return key;
  }

  async ready(): Promise<void> {
    if (this.#loadedAt !== undefined) return;
    await (this.#inFlight ?? this.#refresh(this.settings.clock.now()));
  }

  #refreshInBackground(now: number): void {
    if (this.#inFlight !== undefined || now - this.#lastAttemptAt < this.settings.cooldownMs) return;
    this.#refresh(now).catch(() => {
      // Keep serving the keys we have; the failure is counted in the stats.
    });
  }

  #refresh(now: number): Promise<void> {
    this.#lastAttemptAt = now;
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
    let document: unknown;
    try {
      document = await this.settings.load();
    } catch (cause) {
      this.#fail(cause);
    }
    const candidates = (document as { keys?: unknown } | null)?.keys;
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
    this.#staleAt = this.settings.reloadable ? this.#loadedAt + this.settings.maxAgeMs : Number.POSITIVE_INFINITY;
    this.settings.stats.jwksKeys = keys.size;
    this.settings.stats.jwksLoadedAt = this.#loadedAt;
  }

  #fail(cause: unknown): never {
    this.#lastError = cause;
    this.settings.stats.jwksFailures++;
    throw new VerifyError('jwks_unavailable', 'the key set could not be loaded', { cause });
  }
}
