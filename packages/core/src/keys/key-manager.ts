import type { JSONWebKeySet } from 'jose';
import type { SigningAlgorithm, SigningKeyRecord } from '../model/records.js';
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
 *
 * Keys are per algorithm: one chain for access tokens (`signingAlgorithm`) and one for each other
 * algorithm in use (ID tokens are RS256 by default, OIDC Core §3.1.3.7; a client may ask for
 * another). The JWKS publishes every chain, so what verifiers may accept is the published set.
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

  /**
   * Loads keys, creating the first one of each algorithm in use (or switching algorithm) when
   * needed. `otherAlgorithms` are those besides `signingAlgorithm` that sign something (ID tokens).
   */
  async init(otherAlgorithms: readonly SigningAlgorithm[] = []): Promise<void> {
    await this.reload();
    const now = this.clock.now();
    const inUse = new Set([this.settings.signingAlgorithm, ...otherAlgorithms]);
    // No key yet, or the operator changed TESSERA_JWT_ALG: a key of the new algorithm signs at once
    // (there is no older token of that algorithm a verifier could be missing), and keys of
    // algorithms no longer in use stay published only as long as their last tokens live.
    for (const alg of inUse) await this.ensureAlgorithm(alg);
    const unused = this.#records.filter((k) => k.retiresAt === null && !inUse.has(k.alg));
    const retireAt = now + this.settings.accessTokenTtlSeconds * 1000 + 60_000;
    for (const key of unused) await this.store.setRetiresAt(key.kid, retireAt);
    if (unused.length > 0) await this.reload();
  }

  /** Creates a key of `alg`, signing at once, unless one that is not retiring exists. */
  async ensureAlgorithm(alg: SigningAlgorithm): Promise<void> {
    if (this.#records.some((k) => k.alg === alg && k.retiresAt === null)) return;
    await this.reload(); // another instance may have made it since our last read
    if (this.#records.some((k) => k.alg === alg && k.retiresAt === null)) return;
    await this.#insertNext(alg, this.clock.now());
  }

  async reload(): Promise<void> {
    const now = this.clock.now();
    await this.store.deleteRetired(now);
    this.#records = await this.store.listSigningKeys();
    this.#loadedAt = now;
  }

  /**
   * The key new tokens of `alg` (default: the access-token algorithm) are signed with: the newest
   * generation of that algorithm whose activation time has come.
   */
  async signingKey(alg: SigningAlgorithm = this.settings.signingAlgorithm): Promise<ActiveSigningKey> {
    const now = this.clock.now();
    if (now - this.#loadedAt > this.reloadIntervalMs) await this.reload();
    const live = (at: number) => (k: SigningKeyRecord) => k.alg === alg && k.activatesAt <= at && (k.retiresAt === null || k.retiresAt > at);
    let record = this.#records.findLast(live(now));
    if (!record && alg !== this.settings.signingAlgorithm) {
      await this.ensureAlgorithm(alg);
      // The new key activates at its creation, after `now`.
      record = this.#records.findLast(live(this.clock.now()));
    }
    if (!record) throw new Error(`no active ${alg} signing key; KeyManager.init() was not called`);
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
   * Stage a new key of every algorithm in use (see the class comment). Returns the new
   * access-token key's record. With
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
    const others = new Set(current.map((k) => k.alg).filter((alg) => alg !== this.settings.signingAlgorithm));
    const next = await this.#insertNext(this.settings.signingAlgorithm, activatesAt);
    for (const alg of others) await this.#insertNext(alg, activatesAt);
    // The old keys sign until the new one activates; their last tokens live one access-token TTL more.
    const retireAt = activatesAt + this.settings.accessTokenTtlSeconds * 1000 + 60_000;
    for (const key of current) await this.store.setRetiresAt(key.kid, retireAt);
    await this.reload();
    return next;
  }

  async #insertNext(alg: SigningAlgorithm, activatesAt: number): Promise<SigningKeyRecord> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const generation = (this.#records.at(-1)?.generation ?? 0) + 1;
      const record = await generateSigningKey(alg, generation, this.clock.now(), activatesAt);
      if (await this.store.insertSigningKey(record)) {
        await this.reload();
        return record;
      }
      // Another instance won this generation: take theirs if it fits, else try the next one.
      await this.reload();
      const winner = this.#records.find((k) => k.generation === generation);
      if (winner && winner.alg === alg) return winner;
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
