import { InvalidSecondFactorError, MfaTokenInvalidError, RateLimitedError, type SecondFactorMethod } from '@tessera/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { completeWithCode } from '../../auth/second-factor-step.js';
import { startSession } from '../../auth/start-session.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { formFields } from '../form-input.js';
import { withNotice } from '../notices.js';
import type { PagesContext } from '../pages-context.js';
import { defaultLandingPath, safeNextPath } from '../safe-redirect.js';
import { type FormErrors } from '../templates/form-fields.js';
import { secondFactorPage } from '../templates/second-factor-view.js';
import { waitText } from './login-page.js';
import { sendPage } from './send-page.js';
import { pageRouteSchema } from '../page-route-schema.js';

interface SecondFactorState {
  mfaToken: string;
  methods: readonly SecondFactorMethod[];
  next: string | null;
  errors: FormErrors;
}

export async function renderSecondFactor(context: PagesContext, request: FastifyRequest, reply: FastifyReply, status: number, state: SecondFactorState): Promise<FastifyReply> {
  return sendPage(reply.code(status), secondFactorPage({ assets: context.assets, csrfToken: context.preSessionCsrf.issue(request, reply), ...state }));
}

/**
 * `POST /login/mfa` (form: mfa_token, code, csrf_token, next): the hosted second step, through the
 * same throttle and single-use checks as `POST /auth/login/mfa`. A wrong code shows the form
 * again; an expired step goes back to /login.
 */
export function registerSecondFactorPage(app: FastifyInstance, context: PagesContext): void {
  const { tessera, preSessionCsrf } = context;
  app.post('/login/mfa', { schema: pageRouteSchema({ summary: 'Second login step: a TOTP or recovery code', form: ['code', 'mfa_token'] }), preValidation: expectContentType('form') }, async (request, reply) => {
    const form = formFields(request.body, ['mfa_token', 'code', 'csrf_token', 'next']);
    const next = safeNextPath(form.next, context.config.issuer);
    const again = async (status: number, errors: FormErrors) => {
      const methods = await tessera.twoStepLogin.userFor(form.mfa_token).then((user) => tessera.factors.methods(user.id));
      return renderSecondFactor(context, request, reply, status, { mfaToken: form.mfa_token, methods, next, errors });
    };
    try {
      if (!preSessionCsrf.verify(request, form.csrf_token)) return await again(403, { fields: {}, form: 'This form had expired, so nothing was sent. Please try again.', formErrorFor: 'code' });
      if (form.code.trim() === '') return await again(400, { fields: { code: 'Enter the code from your authenticator app.' } });
      const { user, amr } = await completeWithCode(context, form.mfa_token, form.code, request.ip);
      await startSession(context, request, reply, user, amr);
      preSessionCsrf.clear(reply);
      return reply.redirect(next ?? defaultLandingPath, 303);
    } catch (error) {
      if (error instanceof MfaTokenInvalidError) return reply.redirect(withNotice('/login', 'sign-in-expired'), 303);
      if (error instanceof InvalidSecondFactorError) return again(401, { fields: {}, form: 'That code is not valid, or it was used already.', formErrorFor: 'code' });
      if (error instanceof RateLimitedError) {
        const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds));
        void reply.header('retry-after', String(seconds));
        return again(429, { fields: {}, form: `Too many attempts. Try again in ${waitText(seconds)}.`, formErrorFor: 'code' });
      }
      throw error;
    }
  });
}
