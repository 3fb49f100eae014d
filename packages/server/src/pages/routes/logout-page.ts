import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { clearSessionCookie } from '../../security/session-cookie.js';
import { withNotice } from '../notices.js';
import { pageRouteSchema } from '../page-route-schema.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';

/** `POST /logout` (form: csrf_token): the session dies server-side, the cookie is cleared, 303 to /login. */
export function registerLogoutPage(app: FastifyInstance, { tessera, metrics }: PagesContext): void {
  app.post('/logout', { schema: pageRouteSchema({ summary: 'Sign out (the account page’s button)', form: ['csrf_token'] }), preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) }, async (request, reply) => {
    const { session } = sessionOf(request);
    await tessera.sessions.revoke(session.id);
    metrics.revoked('logout');
    clearSessionCookie(reply);
    return reply.redirect(withNotice('/login', 'signed-out'), 303);
  });
}
