import { NotFoundError, type Tessera } from '@tessera/core';

/** An app login: a live refresh-token family (password grant or code flow), named by its client. */
export interface AppLogin {
  /** The family id: also the `sid` of its access tokens. */
  id: string;
  client: { id: string; name: string };
  createdAt: number;
  /** Its newest token: the login, or the app's last refresh. */
  lastUsedAt: number;
}

/** The user's live refresh families, with their clients' names (a client removed since: its id). */
export async function listAppLogins(tessera: Tessera, userId: string): Promise<AppLogin[]> {
  const live = await tessera.refreshTokens.listLive(userId);
  const names = new Map<string, string>();
  for (const clientId of new Set(live.map(({ family }) => family.clientId))) {
    names.set(clientId, (await tessera.clients.find(clientId))?.name ?? clientId);
  }
  return live.map(({ family, lastUsedAt }) => ({
    id: family.id,
    client: { id: family.clientId, name: names.get(family.clientId) ?? family.clientId },
    createdAt: family.createdAt,
    lastUsedAt,
  }));
}

/**
 * Ends one of the user's sign-ins by id: a browser session, else an app login (its refresh family
 * and, through the revocation service, that family's live access tokens). Neither: `NotFoundError`.
 */
export async function endSignIn(tessera: Tessera, userId: string, id: string): Promise<'session' | 'app'> {
  try {
    await tessera.sessions.revokeOwn(userId, id);
    return 'session';
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  await tessera.refreshTokens.revokeOwnFamily(userId, id);
  return 'app';
}

/** "Sign out everywhere else": every browser session but `currentSessionId`, and every app login. */
export async function endOtherSignIns(tessera: Tessera, userId: string, currentSessionId: string): Promise<void> {
  await tessera.sessions.revokeAllForUser(userId, currentSessionId);
  await tessera.refreshTokens.revokeAllForUser(userId);
}
