import { InvalidInputError, RateLimitedError } from '@tessera/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findSession } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { isCredentialFailure } from '../../auth/credential-failure.js';
import { startSession } from '../../auth/start-session.js';
import { formActionSourcesFor } from '../../oauth/authorize/redirect-source.js';
import { formFields, queryParam } from '../form-input.js';
import { noticeFrom } from '../notices.js';
import { allowFormActionTo } from '../page-headers.js';
import { pageRouteSchema } from '../page-route-schema.js';
import type { PagesContext } from '../pages-context.js';
import { defaultLandingPath, safeNextPath } from '../safe-redirect.js';
import { hasErrors, noErrors, type FormErrors } from '../templates/form-fields.js';
import { loginPage } from '../templates/login-view.js';
import { sendPage } from './send-page.js';
import { registerSecondFactorPage, renderSecondFactor } from './second-factor-page.js';

/**
 * One message for an unknown email and a wrong password (ASVS 5.0 V6.3.8 / OWASP Authentication
 * Cheat Sheet): the page, like `/auth/login`'s 401, never says which one was wrong.
 */
export const invalidCredentialsMessage = 'Invalid email or password.';

const loginFormFields = ['email', 'password', 'csrf_token', 'next'] as const;

/**
 * `GET /login[?next=/path][&prompt=login]`: the form (a signed-in visitor goes straight on, unless
 * `prompt=login` asks to authenticate again).
 * `POST /login` (form): pre-session CSRF → fields → the login throttle shared with `/auth/login`
 * → credentials → the second-factor step when the account has one (second-factor-page.ts) →
 * a fresh session replacing any presented cookie (fixation) → 303 to `next`.
 * Failures re-render the form with the email kept, never the password.
 */
export function registerLoginPage(app: FastifyInstance, context: PagesContext): void {
  const { tessera, throttle, preSessionCsrf } = context;

  const render = async (request: FastifyRequest, reply: FastifyReply, status: number, view: { email: string; next: string | null; errors: FormErrors; notice?: string | null }) => {
    // Inside an authorization request the login's redirect chain ends at the client.
    allowFormActionTo(reply, await formActionSourcesFor(tessera, view.next));
    return sendPage(reply.code(status), loginPage({ assets: context.assets, csrfToken: preSessionCsrf.issue(request, reply), notice: null, ...view, passkeyNext: view.next ?? defaultLandingPath }));
  };

  app.get('/login', { schema: pageRouteSchema({ summary: 'The login form', query: ['next', 'prompt', 'login_hint', 'notice'] }) }, async (request, reply) => {
    const next = safeNextPath(queryParam(request.query, 'next'), context.config.issuer);
    // `prompt=login`: the authorization endpoint asks for a fresh login (OIDC Core §3.1.2.1).
    const reauthenticate = queryParam(request.query, 'prompt') === 'login';
    if (!reauthenticate && (await findSession(tessera, request))) return reply.redirect(next ?? defaultLandingPath, 303);
    return render(request, reply, 200, { email: loginHint(request.query), next, errors: noErrors, notice: noticeFrom(request.query) });
  });

  app.post('/login', { schema: pageRouteSchema({ summary: 'Log in', form: loginFormFields }), preValidation: expectContentType('form') }, async (request, reply) => {
    const form = formFields(request.body, loginFormFields);
    const next = safeNextPath(form.next, context.config.issuer);
    const fail = (status: number, errors: FormErrors) => render(request, reply, status, { email: form.email, next, errors });

    if (!preSessionCsrf.verify(request, form.csrf_token)) {
      return fail(403, { fields: {}, form: 'This form had expired, so nothing was sent. Please try again.', formErrorFor: 'password' });
    }
    const errors: FormErrors = { fields: {} };
    if (form.email.trim() === '') errors.fields.email = 'Enter your email address.';
    if (form.password === '') errors.fields.password = 'Enter your password.';
    if (hasErrors(errors)) return fail(400, errors);

    const ip = request.ip;
    let user;
    try {
      user = await throttle.guard(form.email, ip, () => tessera.accounts.authenticate(form.email, form.password, { ip }), isCredentialFailure);
    } catch (error) {
      if (isCredentialFailure(error)) return fail(401, { fields: {}, form: invalidCredentialsMessage, formErrorFor: 'password' });
      if (error instanceof RateLimitedError) {
        const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
        void reply.header('retry-after', String(seconds));
        return fail(429, { fields: {}, form: `Too many attempts. Try again in ${waitText(seconds)}.`, formErrorFor: 'password' });
      }
      if (error instanceof InvalidInputError && error.field === 'password') return fail(400, { fields: { password: sentence(error.message) } });
      throw error;
    }
    const step = await tessera.twoStepLogin.afterPassword(user);
    if (step.mfaRequired) return renderSecondFactor(context, request, reply, 200, { mfaToken: step.mfaToken, methods: step.methods, next, errors: noErrors });
    await startSession(context, request, reply, user, ['pwd']);
    preSessionCsrf.clear(reply);
    return reply.redirect(next ?? defaultLandingPath, 303);
  });

  registerSecondFactorPage(app, context);
}

/**
 * OIDC Core §3.1.2.1 `login_hint`, passed on by the authorization endpoint: pre-fills the email
 * field (escaped like every value) when it looks like an address; anything else is ignored.
 */
function loginHint(query: unknown): string {
  const hint = queryParam(query, 'login_hint') ?? '';
  return hint.length <= 256 && /^[^\s@]+@[^\s@]+$/.test(hint) ? hint : '';
}

/** "45 seconds", "15 minutes": a Retry-After for people. */
export function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** Core messages are lower-case fragments ("password must be …"); a page shows sentences. */
export function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return text.endsWith('.') ? text : `${text}.`;
}
