import { NotFoundError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { endOtherSignIns, endSignIn } from '../../auth/app-logins.js';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { parseBody } from '../../http/parse-body.js';
import { clearSessionCookie } from '../../security/session-cookie.js';
import { withNotice } from '../notices.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';

const sessionParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a session id') });

/**
 * The device list's buttons (ASVS 5.0 V7.5.2), the form-post twins of `DELETE /auth/sessions/:id`
 * and `DELETE /auth/sessions`:
 * - `POST /account/sessions/:id/sign-out`: ends one of the user's sessions or app logins (another
 *   user's id, or one already gone, changes nothing); ending the current one is a sign-out.
 * - `POST /account/sessions/sign-out-others`: ends every session but this one, and every app login.
 */
export function registerAccountSessions(app: FastifyInstance, { tessera, metrics }: PagesContext): void {
  const signedInForm = { preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) };

  app.post('/account/sessions/:id/sign-out', signedInForm, async (request, reply) => {
    const { session, user } = sessionOf(request);
    const { id } = parseBody(sessionParams, request.params);
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

  app.post('/account/sessions/sign-out-others', signedInForm, async (request, reply) => {
    const { session, user } = sessionOf(request);
    await endOtherSignIns(tessera, user.id, session.id);
    metrics.revoked('other_sessions');
    return reply.redirect(withNotice('/account', 'others-signed-out'), 303);
  });
}
