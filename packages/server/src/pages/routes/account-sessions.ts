import { NotFoundError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { endOtherSignIns, endSignIn } from '../../auth/app-logins.js';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { parseBody } from '../../http/parse-body.js';
import { sessionIdParams } from '../../routes/auth-schemas.js';
import { clearSessionCookie } from '../../security/session-cookie.js';
import { withNotice } from '../notices.js';
import { pageRouteSchema } from '../page-route-schema.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';

/**
 * The device list's buttons (ASVS 5.0 V7.5.2), the form-post twins of `DELETE /auth/sessions/:id`
 * and `DELETE /auth/sessions`:
 * - `POST /account/sessions/:id/sign-out`: ends one of the user's sessions or app logins (another
 *   user's id, or one already gone, changes nothing); ending the current one is a sign-out.
 * - `POST /account/sessions/sign-out-others`: ends every session but this one, and every app login.
 */
const signOutOneSchema = pageRouteSchema({ summary: 'Sign one device or app out', form: ['csrf_token'], params: sessionIdParams });
const signOutOthersSchema = pageRouteSchema({ summary: 'Sign every other device and app out', form: ['csrf_token'] });

export function registerAccountSessions(app: FastifyInstance, { tessera, metrics }: PagesContext): void {
  const signedInForm = { preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) };

  app.post('/account/sessions/:id/sign-out', { schema: signOutOneSchema, ...signedInForm }, async (request, reply) => {
    const { session, user } = sessionOf(request);
    const { id } = parseBody(sessionIdParams, request.params);
    if (id === session.id) {
      await tessera.sessions.revoke(id);
      metrics.revoked('logout');
      clearSessionCookie(reply);
      return reply.redirect(withNotice('/login', 'signed-out'), 303);
    }
    try {
      metrics.revoked((await endSignIn(tessera, user.id, id)) === 'app' ? 'app_login' : 'session');
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    return reply.redirect(withNotice('/account', 'device-signed-out'), 303);
  });

  app.post('/account/sessions/sign-out-others', { schema: signOutOthersSchema, ...signedInForm }, async (request, reply) => {
    const { session, user } = sessionOf(request);
    await endOtherSignIns(tessera, user.id, session.id);
    metrics.revoked('other_sessions');
    return reply.redirect(withNotice('/account', 'others-signed-out'), 303);
  });
}
