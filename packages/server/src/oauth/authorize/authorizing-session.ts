import type { AuthorizingSession } from '@tessera/core';
import type { SessionAuth } from '../../app/request-decorations.js';

/**
 * The browser session as the authorization endpoint sees it. A session is created at each login
 * (fixation defence), so its creation time is the authentication time. The hosted login is by
 * password only (RFC 8176 `pwd`); a second factor, once it exists, records more here.
 */
export function authorizingSession(auth: SessionAuth): AuthorizingSession {
  const { session } = auth;
  return { id: session.id, userId: session.userId, authTime: session.createdAt, amr: ['pwd'] };
}
