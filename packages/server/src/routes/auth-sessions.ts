import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { endOtherSignIns, endSignIn, listAppLogins } from '../auth/app-logins.js';
import { requireSession, sessionOf } from '../auth/session-authentication.js';
import { parseBody } from '../http/parse-body.js';
import { clearSessionCookie } from '../security/session-cookie.js';
import { toAppLoginView, toSessionView } from './session-view.js';

const sessionParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a session id') });

/**
 * The user's devices (ASVS 5.0 V7.5.2): browser sessions and app logins (live refresh families).
 * List them, end one (another user's id is a 404, not a 403, so ids cannot be probed), or end all
 * but the current browser session. Ending an app login revokes its family and its access tokens.
 */
export function registerSessionListRoutes(app: FastifyInstance, { tessera, metrics }: AppContext): void {
  const signedIn = { preHandler: requireSession(tessera) };

  app.get('/auth/sessions', signedIn, async (request) => {
    const { session, user } = sessionOf(request);
    const [sessions, apps] = await Promise.all([tessera.sessions.list(user.id), listAppLogins(tessera, user.id)]);
    return { sessions: [...sessions.map((s) => toSessionView(s, session.id)), ...apps.map(toAppLoginView)] };
  });

  app.delete('/auth/sessions/:id', signedIn, async (request, reply) => {
    const { session, user } = sessionOf(request);
    const { id } = parseBody(sessionParams, request.params);
    metrics.revoked((await endSignIn(tessera, user.id, id)) === 'app' ? 'app_login' : 'session');
    if (id === session.id) clearSessionCookie(reply);
    return reply.code(204).send();
  });

  app.delete('/auth/sessions', signedIn, async (request, reply) => {
    const { session, user } = sessionOf(request);
    await endOtherSignIns(tessera, user.id, session.id);
    metrics.revoked('other_sessions');
    return reply.code(204).send();
  });
}
