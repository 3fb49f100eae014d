import { InvalidCredentialsError, InvalidInputError, InvalidSecondFactorError, RateLimitedError } from '@tessera/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { SessionAuth } from '../../app/request-decorations.js';
import { reauthenticate } from '../../auth/reauthenticate.js';
import { findSession, sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { formFields } from '../form-input.js';
import { withNotice } from '../notices.js';
import { redirectToLogin, requirePageSession } from '../page-session.js';
import type { PagesContext } from '../pages-context.js';
import { noErrors, type FormErrors } from '../templates/form-fields.js';
import { recoveryCodesPage } from '../templates/recovery-codes-view.js';
import { totpSetupPage } from '../templates/totp-setup-view.js';
import { renderAccount } from './account-page.js';
import { sendPage } from './send-page.js';
import { pageRouteSchema } from '../page-route-schema.js';
import { z } from 'zod';

/** OpenAPI: the pending set-up's QR code, drawn on the server (no external service). */
const qrCodeRouteSchema = {
  summary: 'The pending TOTP set-up’s QR code (SVG)',
  tags: ['pages'],
  response: { 200: { description: 'An SVG image', content: { 'image/svg+xml': { schema: z.string() } } }, '4xx': pageRouteSchema({ summary: '' }).response['4xx'] },
};

/**
 * TOTP on the account page:
 * - `POST /account/two-factor/setup` starts a set-up (a fresh secret) → 303 to the set-up page;
 * - `GET /account/two-factor/setup` shows the QR code and the secret; `GET …/qr.svg` is the QR
 *   code itself, drawn here (no external service), only while the set-up is pending;
 * - `POST /account/two-factor/confirm` (code) turns it on and shows the recovery codes once;
 * - `POST /account/two-factor/manage` (password or code, action=disable|regenerate).
 */
export function registerAccountTwoFactor(app: FastifyInstance, context: PagesContext): void {
  const { tessera } = context;
  const form = { preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) };
  const csrfFor = (auth: SessionAuth) => tessera.sessions.csrfTokenFor(auth.token);

  const renderSetup = async (reply: FastifyReply, auth: SessionAuth, status: number, errors: FormErrors) => {
    const pending = await tessera.factors.pendingTotp(auth.user.id, auth.user.email);
    if (!pending) return reply.redirect('/account', 303);
    return sendPage(reply.code(status), totpSetupPage({ assets: context.assets, email: auth.user.email, csrfToken: csrfFor(auth), secret: pending.secret, errors }));
  };

  app.post('/account/two-factor/setup', { schema: pageRouteSchema({ summary: 'Start TOTP set-up from the account page' }), ...form }, async (request, reply) => {
    const auth = sessionOf(request);
    try {
      await tessera.factors.beginTotp(auth.user.id, auth.user.email);
    } catch (error) {
      if (error instanceof InvalidInputError) return reply.redirect('/account', 303);
      throw error;
    }
    return reply.redirect('/account/two-factor/setup', 303);
  });

  app.get('/account/two-factor/setup', { schema: pageRouteSchema({ summary: 'The pending TOTP set-up: QR code, secret as text, code form' }) }, async (request, reply) => {
    const auth = await findSession(tessera, request);
    if (!auth) return redirectToLogin(request, reply);
    return renderSetup(reply, auth, 200, noErrors);
  });

  app.get('/account/two-factor/qr.svg', { schema: qrCodeRouteSchema }, async (request, reply) => {
    const auth = await findSession(tessera, request);
    const pending = auth && (await tessera.factors.pendingTotp(auth.user.id, auth.user.email));
    if (!pending) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('No two-factor set-up in progress');
    const svg = await QRCode.toString(pending.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return reply.header('content-type', 'image/svg+xml').header('cache-control', 'no-store').send(svg);
  });

  app.post('/account/two-factor/confirm', { schema: pageRouteSchema({ summary: 'Confirm TOTP set-up with a code; shows the recovery codes once', form: ['code', 'csrf_token'] }), ...form }, async (request, reply) => {
    const auth = sessionOf(request);
    const { code } = formFields(request.body, ['code']);
    if (code.trim() === '') return renderSetup(reply, auth, 400, { fields: { code: 'Enter the 6-digit code from your app.' } });
    let codes;
    try {
      codes = await tessera.factors.confirmTotp(auth.user.id, code, { ip: request.ip });
    } catch (error) {
      if (error instanceof InvalidSecondFactorError) return renderSetup(reply, auth, 400, { fields: { code: 'That code is not right. Check the time on your phone and try the newest code.' } });
      if (error instanceof InvalidInputError) return reply.redirect('/account', 303);
      throw error;
    }
    request.log.info({ userId: auth.user.id }, 'two-factor turned on');
    return sendPage(reply, recoveryCodesPage({ assets: context.assets, email: auth.user.email, csrfToken: csrfFor(auth), codes, justEnabled: true }));
  });

  app.post('/account/two-factor/manage', { schema: pageRouteSchema({ summary: 'Turn two-factor off or renew the recovery codes (needs the password or a code)' }), ...form }, async (request, reply) => {
    const auth = sessionOf(request);
    const fields = formFields(request.body, ['password', 'code', 'action']);
    const fail = (status: number, twoFactorErrors: FormErrors) => renderAccount(context, reply.code(status), auth, { notice: null, passwordErrors: noErrors, twoFactorErrors });
    try {
      await reauthenticate(context, auth.user, { password: fields.password, code: fields.code }, request.ip);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return fail(401, { fields: { password: 'Your password is incorrect.' } });
      if (error instanceof InvalidSecondFactorError) return fail(401, { fields: { code: 'That code is not valid, or it was used already.' } });
      if (error instanceof InvalidInputError) return fail(400, { fields: { password: 'Enter your password or a current code.' } });
      if (error instanceof RateLimitedError) {
        void reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
        return fail(429, { fields: {}, form: 'Too many attempts. Please wait a few minutes and try again.', formErrorFor: 'password' });
      }
      throw error;
    }
    if (fields.action === 'regenerate') {
      const codes = await tessera.factors.regenerateRecoveryCodes(auth.user.id, { ip: request.ip });
      return sendPage(reply, recoveryCodesPage({ assets: context.assets, email: auth.user.email, csrfToken: csrfFor(auth), codes, justEnabled: false }));
    }
    await tessera.factors.disableTotp(auth.user.id, { ip: request.ip });
    request.log.info({ userId: auth.user.id }, 'two-factor turned off');
    return reply.redirect(withNotice('/account', 'two-factor-off'), 303);
  });
}
