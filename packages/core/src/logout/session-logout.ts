import type { RefreshFamilyRecord } from '../model/records.js';
import type { RefreshTokenService } from '../tokens/refresh-token-service.js';

/** One client to tell that one browser session of one user has ended (OIDC Back-Channel Logout §2.7). */
export interface LogoutNotice {
  clientId: string;
  userId: string;
  /** The session's id: the `sid` of the ID tokens issued in it. */
  sessionId: string;
}

export type LogoutListener = (notices: readonly LogoutNotice[]) => void;

/**
 * What ends with a browser session, whatever ended it (logout, a revoke from the account page,
 * a password change, a disabled account): the code-flow refresh families born in it, unless the
 * client asked for `offline_access` (OIDC Core §11: access while the user is not logged in; the
 * rule node-oidc-provider applies at end_session), and the listeners (Back-Channel Logout) hear
 * which clients had a login in it. Called by `SessionService` with the sessions its store deleted,
 * which the store hands to exactly one caller: so each ending is told once, by one process.
 */
export class SessionLogout {
  readonly #listeners = new Set<LogoutListener>();

  constructor(private readonly refreshTokens: RefreshTokenService) {}

  /** Returns the unsubscribe function. Listeners must not throw (a throw is ignored). */
  onLogout(listener: LogoutListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async sessionsEnded(userId: string, sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const ended = new Set(sessionIds);
    const bound = (await this.refreshTokens.listLive(userId)).map(({ family }) => family).filter((family) => family.sessionId !== null && ended.has(family.sessionId));
    for (const family of bound) {
      if (!survivesLogout(family)) await this.refreshTokens.revokeFamily(family);
    }
    const notices = uniqueNotices(bound.map((family) => ({ clientId: family.clientId, userId, sessionId: family.sessionId ?? '' })));
    if (notices.length === 0) return;
    for (const listener of this.#listeners) {
      try {
        listener(notices);
      } catch {
        // A listener's failure must not undo or fail the logout itself.
      }
    }
  }
}

/** `offline_access` (OIDC Core §11) is the client asking to keep access after the user logs out. */
export function survivesLogout(family: Pick<RefreshFamilyRecord, 'scope'>): boolean {
  return family.scope.split(' ').includes('offline_access');
}

function uniqueNotices(notices: LogoutNotice[]): LogoutNotice[] {
  const seen = new Map<string, LogoutNotice>();
  for (const notice of notices) seen.set(`${notice.clientId}\0${notice.sessionId}`, notice);
  return [...seen.values()];
}
