import type { JSONWebKeySet } from 'jose';
import type { SigningKeyRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { KeyStore } from '../ports/key-store.js';
import type { Random } from '../ports/random.js';
import type { CoreSettings } from '../settings/core-settings.js';
import { deriveRevocationEventKey, revocationEventKeySecretName, type RevocationEventKey } from './revocation-event-key.js';
import { generateSigningKey, importSigningKey, type ActiveSigningKey } from './signing-key.js';

/**
 * Signing keys for every instance, from the shared KeyStore.
 *
 * Rotation is staged so that no verifier ever meets a token whose key it cannot get:
 * a new key is published in the JWKS at once but signs only after `jwksMaxAgeSeconds` (the longest
 * a verifier caches the JWKS); the old key stays published for one access-token lifetime after it
 * stops signing. Key creation is guarded by the store's unique generation, so N instances racing
 * at start or on rotation make one key.
 */
export class KeyManager {
  #records: SigningKeyRecord[] = [];
  readonly #imported = new Map<string, Promise<ActiveSigningKey>>();
  #loadedAt = 0;
  #revocationEventKey: Promise<RevocationEventKey> | undefined;

  constructor(
    private readonly store: KeyStore,
    private readonly settings: Pick<CoreSettings, 'signingAlgorithm' | 'jwksMaxAgeSeconds' | 'accessTokenTtlSeconds'>,
    private readonly clock: Clock,
    private readonly random: Random,
    /** How often other instances' rotations are picked up. */
    private readonly reloadIntervalMs = 30_000,
  ) {}

  /** Loads keys, creating the first one (or switching algorithm) when needed. */
  async init(): Promise<void> {
    await this.reload();
    const now = this.clock.now();
    const newest = this.#records.at(-1);
    if (!newest || newest.alg !== this.settings.signingAlgorithm) {
      // No key yet, or the operator changed TESSERA_JWT_ALG: a key of the configured algorithm
      // signs at once (there is no older token of that algorithm a verifier could be missing),
      // and the old keys stay published only as long as their last tokens live.
      const previous = this.#records.filter((k) => k.retiresAt === null);
      await this.#insertNext(now);
      const retireAt = now + this.settings.accessTokenTtlSeconds * 1000 + 60_000;
      for (const key of previous) await this.store.setRetiresAt(key.kid, retireAt);
      if (previous.length > 0) await this.reload();
    }
  }

  async reload(): Promise<void> {
    const now = this.clock.now();
    await this.store.deleteRetired(now);
    this.#records = await this.store.listSigningKeys();
    this.#loadedAt = now;
  }

  /** The key new tokens are signed with: the newest generation whose activation time has come. */
  async signingKey(): Promise<ActiveSigningKey> {
    const now = this.clock.now();
    if (now - this.#loadedAt > this.reloadIntervalMs) await this.reload();
    const record = [...this.#records].reverse().find((k) => k.activatesAt <= now && (k.retiresAt === null || k.retiresAt > now));
    if (!record) throw new Error('no active signing key; KeyManager.init() was not called');
    let imported = this.#imported.get(record.kid);
    if (!imported) {
      imported = importSigningKey(record);
      this.#imported.set(record.kid, imported);
    }
    return imported;
  }

  /** The algorithms of the published keys: what a verifier of our tokens may accept (each key pins its own). */
  algorithms(): SigningKeyRecord['alg'][] {
    return [...new Set(this.jwks().keys.map((k) => k.alg as SigningKeyRecord['alg']))];
  }

  /** Public keys to publish: every key not yet retired, including the next one before it signs. */
  jwks(): JSONWebKeySet {
    const now = this.clock.now();
    return {
      keys: this.#records
        .filter((k) => k.retiresAt === null || k.retiresAt > now)
        .map((k) => structuredClone(k.publicJwk) as JSONWebKeySet['keys'][number]),
    };
  }

  /**
   * Stage a new key (see the class comment). Returns the new key's record. With
   * `ifNewestGeneration` (a scheduled rotation on one of N instances) it rotates only if the
   * newest key is still that generation, and otherwise returns the newest: another instance
   * rotated first, and racing inserts of the same generation are settled by the store.
   */
  async rotate(options: { ifNewestGeneration?: number } = {}): Promise<SigningKeyRecord> {
    await this.reload();
    const newest = this.#records.at(-1);
    if (newest && options.ifNewestGeneration !== undefined && newest.generation !== options.ifNewestGeneration) return newest;
    const now = this.clock.now();
    const activatesAt = now + this.settings.jwksMaxAgeSeconds * 1000;
    // Every unretired key, including one staged by an earlier rotation that has not signed yet:
    // it may sign until the new key activates, so it retires with the others.
    const current = this.#records.filter((k) => k.retiresAt === null);
    const next = await this.#insertNext(activatesAt);
    // The old keys sign until the new one activates; their last tokens live one access-token TTL more.
    const retireAt = activatesAt + this.settings.accessTokenTtlSeconds * 1000 + 60_000;
    for (const key of current) await this.store.setRetiresAt(key.kid, retireAt);
    await this.reload();
    return next;
  }

  async #insertNext(activatesAt: number): Promise<SigningKeyRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const generation = (this.#records.at(-1)?.generation ?? 0) + 1;
      const record = await generateSigningKey(this.settings.signingAlgorithm, generation, this.clock.now(), activatesAt);
      if (await this.store.insertSigningKey(record)) {
        await this.reload();
        return record;
      }
      // Another instance won this generation: take theirs if it fits, else try the next one.
      await this.reload();
      const winner = this.#records.find((k) => k.generation === generation);
      if (winner && winner.alg === this.settings.signingAlgorithm) return winner;
    }
    throw new Error('could not create a signing key: the key store kept refusing the insert');
  }

  /**
   * The key revocation events (SETs) are signed with: never in `jwks()`, so no access-token
   * verifier accepts a SET (see revocation-event-key.ts). A failed load is not remembered.
   */
  revocationEventKey(): Promise<RevocationEventKey> {
    this.#revocationEventKey ??= this.secret(revocationEventKeySecretName)
      .then(deriveRevocationEventKey)
      .catch((error: unknown) => {
        this.#revocationEventKey = undefined;
        throw error;
      });
    return this.#revocationEventKey;
  }

  /** A server-wide secret (HMAC keys for CSRF and refresh successors), identical on every instance. */
  async secret(name: string): Promise<Uint8Array> {
    return this.store.getOrCreateSecret(name, this.random.bytes(32));
  }
}
