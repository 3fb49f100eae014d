import type { ConsentRecord } from '../model/records.js';
import type { ConsentStore } from '../ports/consent-store.js';
import { copy } from './copy-record.js';

export class MemoryConsentStore implements ConsentStore {
  /** userId → clientId → consent. */
  readonly #byUser = new Map<string, Map<string, ConsentRecord>>();

  async find(userId: string, clientId: string): Promise<ConsentRecord | null> {
    const consent = this.#byUser.get(userId)?.get(clientId);
    return consent ? copy(consent) : null;
  }
  async grant(consent: ConsentRecord): Promise<void> {
    let clients = this.#byUser.get(consent.userId);
    if (!clients) this.#byUser.set(consent.userId, (clients = new Map<string, ConsentRecord>()));
    const existing = clients.get(consent.clientId);
    // The first grant's createdAt survives a re-grant, as the SQL upsert keeps it.
    clients.set(consent.clientId, copy({ ...consent, createdAt: existing?.createdAt ?? consent.createdAt }));
  }
  async listByUser(userId: string): Promise<ConsentRecord[]> {
    return [...(this.#byUser.get(userId)?.values() ?? [])].map(copy);
  }
  async revoke(userId: string, clientId: string): Promise<boolean> {
    return this.#byUser.get(userId)?.delete(clientId) ?? false;
  }
}
