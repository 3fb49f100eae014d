import type { ClientRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { ConsentStore } from '../ports/consent-store.js';

/**
 * When the user must be asked (OIDC Core §3.1.2.4). A client registered first-party is the
 * operator's own app and never asks; any other asks once per set of scopes: a request within
 * what the user allowed before skips the page, unless it says `prompt=consent`.
 */
export class ConsentPolicy {
  constructor(
    private readonly store: ConsentStore,
    private readonly clock: Clock,
  ) {}

  async isRequired(userId: string, client: ClientRecord, scopes: readonly string[], forcePrompt: boolean): Promise<boolean> {
    if (client.firstParty) return false;
    if (forcePrompt) return true;
    const consent = await this.store.find(userId, client.id);
    return consent === null || scopes.some((scope) => !consent.scopes.includes(scope));
  }

  /** Remembers the union of what the user allowed this client before and now. */
  async remember(userId: string, clientId: string, scopes: readonly string[]): Promise<void> {
    const now = this.clock.now();
    const existing = await this.store.find(userId, clientId);
    await this.store.grant({
      userId,
      clientId,
      scopes: [...new Set([...(existing?.scopes ?? []), ...scopes])],
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
  }
}
