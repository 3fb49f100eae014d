import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { endOtherSignIns, endSignIn, listAppLogins } from '../auth/app-logins.js';
import { requireSession, sessionOf } from '../auth/session-authentication.js';
import { parseBody } from '../http/parse-body.js';
import { clearSessionCookie } from '../security/session-cookie.js';
import { endOtherSessionsRouteSchema, endSessionRouteSchema, sessionListRouteSchema } from './auth-schemas.js';
import { toAppLoginView, toSessionView } from './session-view.js';

/**
 * The user's devices (ASVS 5.0 V7.5.2): browser sessions and app logins (live refresh families).
 * List them, end one (another user's id is a 404, not a 403, so ids cannot be probed), or end all
 * but the current browser session. Ending an app login revokes its family and its access tokens.
 */
export function registerSessionListRoutes(app: FastifyInstance, { tessera, metrics }: AppContext): void {
  const requireSignedIn = requireSession(tessera);

  app.get('/auth/sessions', { schema: sessionListRouteSchema, preHandler: requireSignedIn }, async (request) => {
    const { session, user } = sessionOf(request);
    const [sessions, apps] = await Promise.all([tessera.sessions.list(user.id), listAppLogins(tessera, user.id)]);
    return { sessions: [...sessions.map((s) => toSessionView(s, session.id)), ...apps.map(toAppLoginView)] };
  });

  app.delete('/auth/sessions/:id', { schema: endSessionRouteSchema, preHandler: requireSignedIn }, async (request, reply) => {
    const { session, user } = sessionOf(request);
    const { id } = parseBody(endSessionRouteSchema.params, request.params);
    metrics.revoked((await endSignIn(tessera, user.id, id)) === 'app' ? 'app_login' : 'session');
    if (id === session.id) clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.delete('/auth/sessions', { schema: endOtherSessionsRouteSchema, preHandler: requireSignedIn }, async (request, reply) => {
    const { session, user } = sessionOf(request);
    await endOtherSignIns(tessera, user.id, session.id);
    metrics.revoked('other_sessions');
    return reply.code(204).send();
  });
}
