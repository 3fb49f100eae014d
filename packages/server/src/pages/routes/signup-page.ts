import { EmailTakenError, InvalidInputError, RateLimitedError, WeakPasswordError } from '@tessera/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findSession } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { readSessionCookie, setSessionCookie } from '../../security/session-cookie.js';
import { formActionSourcesFor } from '../../oauth/authorize/redirect-source.js';
import { formFields, queryParam } from '../form-input.js';
import { withNotice } from '../notices.js';
import { allowFormActionTo } from '../page-headers.js';
import { pageRouteSchema } from '../page-route-schema.js';
import { minPasswordLength, type PagesContext } from '../pages-context.js';
import { defaultLandingPath, safeNextPath } from '../safe-redirect.js';
import { hasErrors, noErrors, type FormErrors } from '../templates/form-fields.js';
import { signupPage } from '../templates/signup-view.js';
import { sentence, waitText } from './login-page.js';
import { sendPage } from './send-page.js';

/**
 * `GET /signup[?next=/path]`: the form. `POST /signup` (form): pre-session CSRF → fields → the
 * sign-up throttle shared with `/auth/signup` (429, before any hashing) → the core's sign-up
 * (password policy, unique email) → signed in at once with a fresh session → 303.
 * Unlike login, a taken email is said so: a sign-up form cannot hide it (the JSON API's 409 says
 * it too); login keeps its single generic error.
 */
const signupFormFields = ['email', 'password', 'csrf_token', 'next'] as const;

export function registerSignupPage(app: FastifyInstance, context: PagesContext): void {
  const { tessera, preSessionCsrf, signupThrottle } = context;

  const render = async (request: FastifyRequest, reply: FastifyReply, status: number, view: { email: string; next: string | null; errors: FormErrors }) => {
    // Inside an authorization request the sign-up's redirect chain ends at the client.
    allowFormActionTo(reply, await formActionSourcesFor(tessera, view.next));
    return sendPage(reply.code(status), signupPage({ assets: context.assets, csrfToken: preSessionCsrf.issue(request, reply), minPasswordLength, ...view }));
  };

  app.get('/signup', { schema: pageRouteSchema({ summary: 'The sign-up form', query: ['next'] }) }, async (request, reply) => {
    const next = safeNextPath(queryParam(request.query, 'next'), context.config.issuer);
    if (await findSession(tessera, request)) return reply.redirect(next ?? defaultLandingPath, 303);
    return render(request, reply, 200, { email: '', next, errors: noErrors });
  });

  app.post('/signup', { schema: pageRouteSchema({ summary: 'Sign up, then sign in', form: signupFormFields }), preValidation: expectContentType('form') }, async (request, reply) => {
    const form = formFields(request.body, signupFormFields);
    const next = safeNextPath(form.next, context.config.issuer);
    const fail = (status: number, errors: FormErrors) => render(request, reply, status, { email: form.email, next, errors });

    if (!preSessionCsrf.verify(request, form.csrf_token)) {
      return fail(403, { fields: {}, form: 'This form had expired, so nothing was sent. Please try again.', formErrorFor: 'password' });
    }
    const errors: FormErrors = { fields: {} };
    if (form.email.trim() === '') errors.fields.email = 'Enter your email address.';
    if (form.password === '') errors.fields.password = 'Choose a password.';
    if (hasErrors(errors)) return fail(400, errors);

    const ip = request.ip;
    let user;
    try {
      user = await signupThrottle.guard(ip, () => tessera.accounts.signUp(form.email, form.password, { ip }));
    } catch (error) {
      if (error instanceof RateLimitedError) {
        const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
        void reply.header('retry-after', String(seconds));
        return fail(429, { fields: {}, form: `Too many sign-ups from your network. Try again in ${waitText(seconds)}.`, formErrorFor: 'password' });
      }
      if (error instanceof EmailTakenError) return fail(409, { fields: { email: 'An account with this email address already exists. Sign in instead.' } });
      if (error instanceof WeakPasswordError) return fail(422, { fields: { password: sentence(error.message) } });
      if (error instanceof InvalidInputError && error.field === 'email') return fail(400, { fields: { email: 'Enter an email address like name@example.com.' } });
      if (error instanceof InvalidInputError && error.field === 'password') return fail(400, { fields: { password: sentence(error.message) } });
      throw error;
    }
    const created = await tessera.sessions.create(user.id, { userAgent: request.headers['user-agent'] ?? null, ip }, readSessionCookie(request));
    setSessionCookie(reply, created.token, created.session.absoluteExpiresAt, tessera.clock.now());
    preSessionCsrf.clear(reply);
    request.log.info({ userId: user.id }, 'page sign-up succeeded');
    return reply.redirect(next ?? withNotice(defaultLandingPath, 'welcome'), 303);
  });
}
