import type { ClientRecord } from '../model/records.js';
import { ClientExistsError } from '../errors/tessera-error.js';
import type { ClientStore } from '../ports/client-store.js';
import { copy } from './copy-record.js';

export class MemoryClientStore implements ClientStore {
  readonly #clients = new Map<string, ClientRecord>();

  async create(client: ClientRecord): Promise<void> {
    if (this.#clients.has(client.id)) throw new ClientExistsError();
    this.#clients.set(client.id, copy(client));
  }
  async findById(id: string): Promise<ClientRecord | null> {
    const client = this.#clients.get(id);
    return client ? copy(client) : null;
  }
  async list(): Promise<ClientRecord[]> {
    return [...this.#clients.values()].map(copy);
  }
  async remove(id: string): Promise<boolean> {
    return this.#clients.delete(id);
  }
}
