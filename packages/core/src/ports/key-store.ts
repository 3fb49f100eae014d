import type { SigningKeyRecord } from '../model/records.js';

/** Signing keys and server secrets, shared by every instance. */
export interface KeyStore {
  /** All keys, oldest generation first. */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /**
   * Inserts iff no key with this `generation` exists; returns false when another instance won
   * (the caller re-reads). This is the guard that makes N instances create one key, not N.
   */
  insertSigningKey(key: SigningKeyRecord): Promise<boolean>;
  /** Schedules retirement of a key. */
  setRetiresAt(kid: string, retiresAt: number): Promise<void>;
  /** Deletes keys retired before `now`. */
  deleteRetired(now: number): Promise<number>;
  /**
   * Returns the secret stored under `name`, storing `candidate` first if there is none.
   * Every caller, on every instance, gets the same bytes back.
   */
  getOrCreateSecret(name: string, candidate: Uint8Array): Promise<Uint8Array>;
}
