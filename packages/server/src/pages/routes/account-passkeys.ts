import { NotFoundError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { removePasskey } from '../../routes/auth-passkeys.js';
import { formFields } from '../form-input.js';
import { withNotice } from '../notices.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';
import { pageRouteSchema } from '../page-route-schema.js';

const passkeyId = /^[A-Za-z0-9_-]{1,200}$/;

/**
 * `POST /account/passkeys/:id/rename` (name) and `POST /account/passkeys/:id/remove`: plain forms
 * (adding one needs WebAuthn, so script: passkeys.js and `/auth/passkeys/registration`). Another
 * user's passkey, or none, is a 404 page.
 */
export function registerAccountPasskeys(app: FastifyInstance, context: PagesContext): void {
  const { tessera } = context;
  const form = { preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) };

  app.post<{ Params: { id: string } }>('/account/passkeys/:id/rename', { schema: pageRouteSchema({ summary: 'Rename a passkey', form: ['name', 'csrf_token'] }), ...form }, async (request, reply) => {
    const auth = sessionOf(request);
    const name = formFields(request.body, ['name']).name.trim().slice(0, 64);
    const { id } = request.params;
    if (!passkeyId.test(id)) throw new NotFoundError('no such passkey');
    if (name !== '' && !(await tessera.stores.passkeys.rename(auth.user.id, id, name))) throw new NotFoundError('no such passkey');
    return reply.redirect(withNotice('/account', 'passkey-renamed'), 303);
  });

  app.post<{ Params: { id: string } }>('/account/passkeys/:id/remove', { schema: pageRouteSchema({ summary: 'Remove a passkey', form: ['csrf_token'] }), ...form }, async (request, reply) => {
    const auth = sessionOf(request);
    const { id } = request.params;
    if (!passkeyId.test(id)) throw new NotFoundError('no such passkey');
    await removePasskey(context, auth.user.id, id, request.ip);
    return reply.redirect(withNotice('/account', 'passkey-removed'), 303);
  });
}
