import { InvalidInputError, RateLimitedError, WeakPasswordError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { isCredentialFailure } from '../../auth/credential-failure.js';
import { setSessionCookie } from '../../security/session-cookie.js';
import { formFields } from '../form-input.js';
import { withNotice } from '../notices.js';
import { pageRouteSchema } from '../page-route-schema.js';
import { requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';
import { hasErrors, type FormErrors } from '../templates/form-fields.js';
import { renderAccount } from './account-page.js';
import { sentence } from './login-page.js';

/**
 * `POST /account/password` (form: current_password, new_password, csrf_token). Through
 * `tessera.changePassword`, which ends every other session and every refresh-token family of the
 * user (ASVS 5.0 V7.4.3). Wrong current passwords count in the login throttle (the form is a
 * password oracle for whoever holds the session). The current session is then replaced by a fresh
 * one, as at any re-authentication (ASVS 5.0 V7.2.4), and the browser goes back to /account.
 */
const passwordFormSchema = pageRouteSchema({ summary: 'Change the password (ends every other sign-in)', form: ['current_password', 'new_password', 'csrf_token'] });

export function registerAccountPassword(app: FastifyInstance, context: PagesContext): void {
  const { tessera, throttle } = context;
  app.post('/account/password', { schema: passwordFormSchema, preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) }, async (request, reply) => {
    const auth = sessionOf(request);
    const form = formFields(request.body, ['current_password', 'new_password']);
    const fail = (status: number, passwordErrors: FormErrors) => renderAccount(context, reply.code(status), auth, { notice: null, passwordErrors });

    const errors: FormErrors = { fields: {} };
    if (form.current_password === '') errors.fields.current_password = 'Enter your current password.';
    if (form.new_password === '') errors.fields.new_password = 'Enter a new password.';
    if (hasErrors(errors)) return fail(400, errors);

    const ip = request.ip;
    try {
      await throttle.guard(
        auth.user.email,
        ip,
        () => tessera.changePassword(auth.user.id, form.current_password, form.new_password, auth.session.id, { ip }),
        isCredentialFailure,
      );
    } catch (error) {
      if (isCredentialFailure(error)) return fail(401, { fields: { current_password: 'Your current password is incorrect.' } });
      if (error instanceof WeakPasswordError) return fail(422, { fields: { new_password: sentence(error.message) } });
      if (error instanceof RateLimitedError) {
        void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
        return fail(429, { fields: {}, form: 'Too many attempts. Please wait a few minutes and try again.', formErrorFor: 'current_password' });
      }
      if (error instanceof InvalidInputError) return fail(400, { fields: {}, form: sentence(error.message), formErrorFor: 'new_password' });
      throw error;
    }
    const created = await tessera.sessions.create(auth.user.id, { userAgent: request.headers['user-agent'] ?? null, ip }, auth.token);
    setSessionCookie(reply, created.token, created.session.absoluteExpiresAt, tessera.clock.now());
    request.log.info({ userId: auth.user.id }, 'password changed from the account page');
    return reply.redirect(withNotice('/account', 'password-changed'), 303);
  });
}
