import type { ConsentRecord } from '../model/records.js';

/**
 * What each user has allowed each client (OIDC Core §3.1.2.4). One record per user and client;
 * granting again replaces the scopes (the caller passes the union it wants remembered).
 */
export interface ConsentStore {
  find(userId: string, clientId: string): Promise<ConsentRecord | null>;
  /** Upsert by (userId, clientId). */
  grant(consent: ConsentRecord): Promise<void>;
  /** The user's consents, any order (the account page lists "apps with access"). */
  listByUser(userId: string): Promise<ConsentRecord[]>;
  /** Withdraws the consent. Returns false when there was none. */
  revoke(userId: string, clientId: string): Promise<boolean>;
}
