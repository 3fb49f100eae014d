import { LogoutRefusedError, postLogoutRedirect, type EndSessionRequest } from '@tessera/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionAuth } from '../../app/request-decorations.js';
import { findSession, sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { formFields } from '../../pages/form-input.js';
import { withNotice } from '../../pages/notices.js';
import { allowFormActionTo } from '../../pages/page-headers.js';
import { requirePageSession } from '../../pages/page-session.js';
import type { PagesContext } from '../../pages/pages-context.js';
import { sendPage } from '../../pages/routes/send-page.js';
import { errorPage } from '../../pages/templates/error-view.js';
import { logoutConfirmPage } from '../../pages/templates/logout-confirm-view.js';
import { clearSessionCookie } from '../../security/session-cookie.js';
import { redirectCspSource } from '../authorize/redirect-source.js';
import { pageRouteSchema } from '../../pages/page-route-schema.js';

export const endSessionPath = '/oauth/logout';

const endSessionParameters = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'ui_locales'];

/** OpenAPI: the end-session endpoint answers a browser with pages and redirects (302 on GET, 303 on POST). */
function endSessionPageSchema(method: 'get' | 'post') {
  const summary = 'OIDC RP-Initiated Logout: end the browser session, then return to the client';
  return method === 'get'
    ? pageRouteSchema({ summary, query: endSessionParameters, redirects: [302] })
    : pageRouteSchema({ summary, form: endSessionParameters, redirects: [303] });
}
export const endSessionConfirmPath = '/oauth/logout/confirm';

/**
 * The end-session endpoint (OIDC RP-Initiated Logout 1.0), GET and POST form, as steps: the
 * request validated (an unknown client, a bad hint or an unregistered `post_logout_redirect_uri`
 * is an error page, never a redirect) → no session: nothing to end → a hint issued in this very
 * session: the session ends at once → otherwise the "Sign out?" page, whose CSRF-protected answer
 * comes to `POST /oauth/logout/confirm`. Then back to the client's URI with `state`, or to /login.
 * Ending the session also ends its session-bound refresh families and tells back-channel clients
 * (core `SessionLogout`).
 */
export function registerEndSessionRoutes(pages: FastifyInstance, context: PagesContext): void {
  pages.get(endSessionPath, { schema: endSessionPageSchema('get') }, async (request, reply) => answerEndSession(context, request, reply, request.query, 302));
  pages.post(endSessionPath, { schema: endSessionPageSchema('post'), preValidation: expectContentType('form') }, async (request, reply) => answerEndSession(context, request, reply, request.body, 303));
  pages.post(endSessionConfirmPath, { schema: pageRouteSchema({ summary: 'Confirm signing out (the “Sign out?” page’s answer)', form: ['csrf_token'], redirects: [303] }), preValidation: expectContentType('form'), preHandler: requirePageSession(context.tessera) }, async (request, reply) => {
    const logoutRequest = await validated(context, reply, withoutHint(request.body));
    if (logoutRequest === null) return reply;
    if (formFields(request.body, ['decision']).decision !== 'logout') return reply.redirect('/account', 303);
    await endSession(context, reply, sessionOf(request));
    return finish(reply, logoutRequest, 303);
  });
}

async function answerEndSession(context: PagesContext, request: FastifyRequest, reply: FastifyReply, source: unknown, status: 302 | 303): Promise<FastifyReply> {
  const logoutRequest = await validated(context, reply, record(source));
  if (logoutRequest === null) return reply;
  const auth = await findSession(context.tessera, request);
  if (auth === null) return finish(reply, logoutRequest, status);
  const { hint } = logoutRequest;
  // The hint proves the RP holds an ID token of this session: no confirmation needed (§2).
  if (hint !== null && hint.sid === auth.session.id && hint.sub === auth.user.id) {
    await endSession(context, reply, auth);
    return finish(reply, logoutRequest, status);
  }
  return sendConfirmation(context, reply, logoutRequest, auth);
}

/** The validated request, or null after sending the error page. */
async function validated(context: PagesContext, reply: FastifyReply, source: Record<string, unknown>): Promise<EndSessionRequest | null> {
  try {
    return await context.tessera.logout.requests.validate(source);
  } catch (error) {
    if (!(error instanceof LogoutRefusedError)) throw error;
    const message =
      error.reason === 'bad_post_logout_redirect_uri'
        ? 'The app that sent you here asked to return to an address it has not registered, so you were not sent there.'
        : error.reason === 'unknown_client'
          ? 'The app that sent you here is not registered with this server.'
          : 'The app that sent you here sent a sign-out request this server cannot accept.';
    return (sendPage(reply.code(400), errorPage({ assets: context.assets, status: 400, heading: 'This sign-out link is not valid', message, backHref: '/account', backLabel: 'Go to your account' })), null);
  }
}

async function endSession(context: PagesContext, reply: FastifyReply, auth: SessionAuth): Promise<void> {
  await context.tessera.sessions.revoke(auth.session.id);
  context.metrics.revoked('logout');
  clearSessionCookie(reply);
}

function finish(reply: FastifyReply, request: EndSessionRequest, status: 302 | 303): FastifyReply {
  return reply.redirect(postLogoutRedirect(request) ?? withNotice('/login', 'signed-out'), status);
}

function sendConfirmation(context: PagesContext, reply: FastifyReply, request: EndSessionRequest, auth: SessionAuth): FastifyReply {
  const target = request.postLogoutRedirectUri;
  // The answer redirects to the client: `form-action` must allow that origin (CSP3 checks redirects).
  const source = target === null ? null : redirectCspSource(target);
  if (source !== null) allowFormActionTo(reply, [source]);
  const params: Record<string, string> = {};
  if (request.client !== null) params.client_id = request.client.id;
  if (target !== null) params.post_logout_redirect_uri = target;
  if (request.state !== null && target !== null) params.state = request.state;
  return sendPage(
    reply,
    logoutConfirmPage({
      assets: context.assets,
      signedIn: { email: auth.user.email, csrfToken: context.tessera.sessions.csrfTokenFor(auth.token) },
      clientName: request.client?.name ?? null,
      request: params,
    }),
  );
}

function record(source: unknown): Record<string, unknown> {
  return typeof source === 'object' && source !== null ? (source as Record<string, unknown>) : {};
}

/** The confirmation form never carries the hint; anything posted as one is dropped. */
function withoutHint(source: unknown): Record<string, unknown> {
  const { id_token_hint: _ignored, ...rest } = record(source);
  return rest;
}
