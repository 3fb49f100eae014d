import type { FastifyInstance } from 'fastify';
import { findSession } from '../../auth/session-authentication.js';
import { redirectToLogin } from '../page-session.js';
import { pageRouteSchema } from '../page-route-schema.js';
import type { PagesContext } from '../pages-context.js';

/** `GET /` → 303 to `/account` with a live session, else to `/login` (saying so when a session has just ended). */
export function registerRootRedirect(app: FastifyInstance, { tessera }: PagesContext): void {
  app.get('/', { schema: pageRouteSchema({ summary: 'To the account page, or to the login' }) }, async (request, reply) => {
    const auth = await findSession(tessera, request);
    return auth ? reply.redirect('/account', 303) : redirectToLogin(request, reply);
  });
}
