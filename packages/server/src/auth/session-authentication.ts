import type { Tessera } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import type { SessionAuth } from '../app/request-decorations.js';
import { HttpProblem } from '../http/http-problem.js';
import { assertCsrf } from '../security/csrf.js';
import { readSessionCookie } from '../security/session-cookie.js';

/** The live session the request's cookie names, without its user: one store lookup (the `/api/me` hot path). */
export async function findLiveSession(tessera: Tessera, request: FastifyRequest): Promise<Omit<SessionAuth, 'user'> | null> {
  const token = readSessionCookie(request);
  if (token === undefined) return null;
  const session = await tessera.sessions.authenticate(token);
  return session ? { token, session } : null;
}

/** The live session (and its user) the request's cookie names, or null. Sliding renewal happens in the core. */
export async function findSession(tessera: Tessera, request: FastifyRequest): Promise<SessionAuth | null> {
  const live = await findLiveSession(tessera, request);
  if (!live) return null;
  const { token, session } = live;
  const user = await tessera.accounts.findById(session.userId);
  return user ? { token, session, user } : null;
}

/**
 * preHandler for routes that need a signed-in browser: 401 without a live session, and on unsafe
 * methods 403 without the session's CSRF token. (The Origin/Referer check runs earlier, for every
 * unsafe request.)
 */
export function requireSession(tessera: Tessera) {
  return async (request: FastifyRequest): Promise<void> => {
    const auth = await findSession(tessera, request);
    if (!auth) throw new HttpProblem('unauthenticated', 'Sign in first: no live session cookie');
    assertCsrf(tessera, request, auth.token);
    request.sessionAuth = auth;
  };
}

/** The session `requireSession` attached; a programming error if the route forgot the preHandler. */
export function sessionOf(request: FastifyRequest): SessionAuth {
  if (!request.sessionAuth) throw new Error('route is missing the requireSession preHandler');
  return request.sessionAuth;
}
