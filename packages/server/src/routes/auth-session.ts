import { toPublicUser } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { findSession, requireSession, sessionOf } from '../auth/session-authentication.js';
import { HttpProblem } from '../http/http-problem.js';
import { clearSessionCookie } from '../security/session-cookie.js';
import { logoutRouteSchema, sessionRouteSchema } from './auth-schemas.js';
import { toSessionView } from './session-view.js';

/**
 * `GET /auth/session` → `200 {user, session, csrf_token}` or 401. The CSRF token is repeated so a
 * reloaded single-page app can recover it; only same-origin script can read this answer (no CORS).
 * `POST /auth/logout` → 204: the session dies server-side (and with it every token carrying its `sid`).
 */
export function registerSessionRoutes(app: FastifyInstance, { tessera, metrics }: AppContext): void {
  app.get('/auth/session', { schema: sessionRouteSchema }, async (request) => {
    const auth = await findSession(tessera, request);
    if (!auth) throw new HttpProblem('unauthenticated', 'No live session');
    return {
      user: toPublicUser(auth.user),
      session: toSessionView(auth.session, auth.session.id),
      csrf_token: tessera.sessions.csrfTokenFor(auth.token),
    };
  });

  app.post('/auth/logout', { schema: logoutRouteSchema, preHandler: requireSession(tessera) }, async (request, reply) => {
    const { session } = sessionOf(request);
    await tessera.sessions.revoke(session.id);
    metrics.revoked('logout');
    clearSessionCookie(reply);
    return reply.code(204).send();
  });
}
