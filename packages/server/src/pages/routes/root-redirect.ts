import type { FastifyInstance } from 'fastify';
import { findSession } from '../../auth/session-authentication.js';
import type { PagesContext } from '../pages-context.js';

/** `GET /` → 303 to `/account` with a live session, else to `/login`. */
export function registerRootRedirect(app: FastifyInstance, { tessera }: PagesContext): void {
  app.get('/', async (request, reply) => {
    const auth = await findSession(tessera, request);
    return reply.redirect(auth ? '/account' : '/login', 303);
  });
}
