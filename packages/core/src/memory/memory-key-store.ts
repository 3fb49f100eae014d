import type { SigningKeyRecord } from '../model/records.js';
import type { KeyStore } from '../ports/key-store.js';
import { copy } from './copy-record.js';

export class MemoryKeyStore implements KeyStore {
  readonly #keys: SigningKeyRecord[] = [];
  readonly #secrets = new Map<string, Uint8Array>();

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    return [...this.#keys].sort((a, b) => a.generation - b.generation).map(copy);
  }
  async insertSigningKey(key: SigningKeyRecord): Promise<boolean> {
    if (this.#keys.some((k) => k.generation === key.generation || k.kid === key.kid)) return false;
    this.#keys.push(copy(key));
    return true;
  }
  async setRetiresAt(kid: string, retiresAt: number): Promise<void> {
    const key = this.#keys.find((k) => k.kid === kid);
    if (key) key.retiresAt = retiresAt;
  }
  async deleteRetired(now: number): Promise<number> {
    const before = this.#keys.length;
    const kept = this.#keys.filter((k) => k.retiresAt === null || k.retiresAt > now);
    this.#keys.splice(0, this.#keys.length, ...kept);
    return before - kept.length;
  }
  async getOrCreateSecret(name: string, candidate: Uint8Array): Promise<Uint8Array> {
    let secret = this.#secrets.get(name);
    if (!secret) {
      secret = Uint8Array.from(candidate);
      this.#secrets.set(name, secret);
    }
    return Uint8Array.from(secret);
  }
}
