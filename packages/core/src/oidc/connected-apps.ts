import type { ConsentStore } from '../ports/consent-store.js';
import type { RefreshTokenService } from '../tokens/refresh-token-service.js';

/** An app that holds something of the user's: a remembered consent, live refresh families, or both. */
export interface ConnectedApp {
  clientId: string;
  /** What the user allowed (the consent), else the scopes its refresh families carry. */
  scopes: string[];
  /** The earliest consent or login. */
  since: number;
  /** The most recent consent change or refresh. */
  lastUsedAt: number;
  hasConsent: boolean;
  /** Live refresh families ("app logins"). */
  liveLogins: number;
}

/**
 * "Apps with access" on the account page (issue 11): the clients that hold the user's consent or
 * a live refresh family, and withdrawing one: its consent is forgotten (the next authorization
 * asks again, OIDC Core §3.1.2.4) and its refresh families are revoked, which denies their live
 * access tokens by `sid` (the revocation service).
 */
export class ConnectedApps {
  constructor(
    private readonly consents: ConsentStore,
    private readonly refreshTokens: RefreshTokenService,
  ) {}

  async list(userId: string): Promise<ConnectedApp[]> {
    const [consents, live] = await Promise.all([this.consents.listByUser(userId), this.refreshTokens.listLive(userId)]);
    const apps = new Map<string, ConnectedApp>();
    for (const consent of consents) {
      apps.set(consent.clientId, { clientId: consent.clientId, scopes: [...consent.scopes], since: consent.createdAt, lastUsedAt: consent.updatedAt, hasConsent: true, liveLogins: 0 });
    }
    for (const { family, lastUsedAt } of live) {
      const app = apps.get(family.clientId) ?? { clientId: family.clientId, scopes: [], since: family.createdAt, lastUsedAt, hasConsent: false, liveLogins: 0 };
      app.liveLogins += 1;
      app.since = Math.min(app.since, family.createdAt);
      app.lastUsedAt = Math.max(app.lastUsedAt, lastUsedAt);
      if (!app.hasConsent) app.scopes = [...new Set([...app.scopes, ...family.scope.split(' ').filter(Boolean)])];
      apps.set(family.clientId, app);
    }
    return [...apps.values()].sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  /** Forgets the consent and revokes the client's refresh families for this user. False when it held nothing. */
  async withdraw(userId: string, clientId: string): Promise<boolean> {
    const hadConsent = await this.consents.revoke(userId, clientId);
    const families = (await this.refreshTokens.listLive(userId)).filter(({ family }) => family.clientId === clientId);
    for (const { family } of families) await this.refreshTokens.revokeFamily(family);
    return hadConsent || families.length > 0;
  }
}
