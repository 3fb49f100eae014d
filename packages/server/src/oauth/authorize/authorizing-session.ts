import { sessionAmr, type AuthorizingSession } from '@tessera/core';
import type { SessionAuth } from '../../app/request-decorations.js';

/**
 * The browser session as the authorization endpoint sees it. A session is created at each login
 * (fixation defence), so its creation time is the authentication time; the login's RFC 8176
 * methods (`pwd`, `otp`, `hwk`/`swk`, `user`, `mfa`) ride in the session's data.
 */
export function authorizingSession(auth: SessionAuth): AuthorizingSession {
  const { session } = auth;
  return { id: session.id, userId: session.userId, authTime: session.createdAt, amr: sessionAmr(session) };
}
