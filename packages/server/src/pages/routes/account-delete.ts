import { InvalidCredentialsError, RateLimitedError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { deleteOwnAccount } from '../../auth/delete-account.js';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { clearSessionCookie } from '../../security/session-cookie.js';
import { formFields } from '../form-input.js';
import { withNotice } from '../notices.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';
import { noErrors, type FormErrors } from '../templates/form-fields.js';
import { renderAccount } from './account-page.js';
import { pageRouteSchema } from '../page-route-schema.js';

/**
 * `POST /account/delete` (delete_password): deletes the account after the password (the passkey
 * way is script: `/auth/account/delete`), ends everything, and lands on /login with a notice.
 */
export function registerAccountDelete(app: FastifyInstance, context: PagesContext): void {
  app.post('/account/delete', { schema: pageRouteSchema({ summary: 'Delete the account (needs the password or a passkey)' }), preValidation: expectContentType('form'), preHandler: requirePageSession(context.tessera) }, async (request, reply) => {
    const auth = sessionOf(request);
    const { delete_password: password } = formFields(request.body, ['delete_password']);
    const fail = (status: number, deleteErrors: FormErrors) => renderAccount(context, reply.code(status), auth, { notice: null, passwordErrors: noErrors, deleteErrors });
    if (password === '') return fail(400, { fields: { delete_password: 'Enter your password to delete your account.' } });
    try {
      await deleteOwnAccount(context, auth.user, { password }, request.ip);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return fail(401, { fields: { delete_password: 'Your password is incorrect.' } });
      if (error instanceof RateLimitedError) {
        void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
        return fail(429, { fields: {}, form: 'Too many attempts. Please wait a few minutes and try again.', formErrorFor: 'delete_password' });
      }
      throw error;
    }
    clearSessionCookie(reply);
    request.log.info({ userId: auth.user.id }, 'account deleted from the account page');
    return reply.redirect(withNotice('/login', 'account-deleted'), 303);
  });
}
