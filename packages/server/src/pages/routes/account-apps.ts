import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { parseBody } from '../../http/parse-body.js';
import { withNotice } from '../notices.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';
import { pageRouteSchema } from '../page-route-schema.js';

const appParams = z.object({ clientId: z.string().min(1).max(200) });

/**
 * `POST /account/apps/:clientId/withdraw` (form, session + CSRF token): the "Remove access" button
 * of "Apps with access". The consent is forgotten and the app's refresh families for this user are
 * revoked, with their live access tokens (core `ConnectedApps.withdraw`). An app that held nothing
 * changes nothing: the same redirect, so the answer says nothing about other users' apps.
 */
export function registerAccountApps(app: FastifyInstance, { tessera, metrics }: PagesContext): void {
  app.post('/account/apps/:clientId/withdraw', { schema: pageRouteSchema({ summary: 'Remove an app’s access: forget its consent, revoke its refresh families and tokens', form: ['csrf_token'] }), preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) }, async (request, reply) => {
    const { user } = sessionOf(request);
    const { clientId } = parseBody(appParams, request.params);
    if (await tessera.oidc.connectedApps.withdraw(user.id, clientId)) metrics.revoked('app_login');
    return reply.redirect(withNotice('/account', 'app-access-removed'), 303);
  });
}
