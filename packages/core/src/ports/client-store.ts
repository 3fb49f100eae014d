import type { ClientRecord } from '../model/records.js';

export interface ClientStore {
  /** Throws `ClientExistsError` when the id is taken. */
  create(client: ClientRecord): Promise<void>;
  findById(id: string): Promise<ClientRecord | null>;
  list(): Promise<ClientRecord[]>;
  /** Deletes the client. Returns false when no such client. */
  remove(id: string): Promise<boolean>;
}
