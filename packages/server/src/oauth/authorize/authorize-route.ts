import { AuthorizationRefusedError, authorizationCodeRedirect, authorizationErrorRedirect, InvalidClientError, InvalidRedirectUriError, type AuthorizationRequest, type AuthorizationTarget } from '@tessera/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionAuth } from '../../app/request-decorations.js';
import { findSession } from '../../auth/session-authentication.js';
import { allowFormActionTo } from '../../pages/page-headers.js';
import { pageRouteSchema } from '../../pages/page-route-schema.js';
import type { PagesContext } from '../../pages/pages-context.js';
import { sendPage } from '../../pages/routes/send-page.js';
import { consentPage } from '../../pages/templates/consent-view.js';
import { authorizationParameterNames, authorizationQuery, loginUrl, postableParameters } from './authorization-query.js';
import { sendAuthorizationErrorPage } from './authorization-error-page.js';
import { authorizingSession } from './authorizing-session.js';
import { authorizePath, redirectCspSource } from './redirect-source.js';

/**
 * `GET /oauth/authorize` (OAuth 2.1 §4.1.1, OIDC Core §3.1.2), as steps: target (client and
 * redirect URI; failures are an error page, never a redirect) → request checks (failures go back
 * to the client) → session (none, or too old, or `prompt=login`: the hosted login, which returns
 * here) → consent (the consent page unless remembered or first-party) → `302` with the code.
 * Every redirect to the client carries `state` and `iss` (RFC 9207).
 */
const authorizeRouteSchema = pageRouteSchema({
  summary: 'Authorization endpoint (OAuth 2.1 code flow with PKCE S256; OIDC)',
  tag: 'oauth',
  query: authorizationParameterNames,
  redirects: [302, 303],
});

export function registerAuthorizeRoute(pages: FastifyInstance, context: PagesContext): void {
  pages.get(authorizePath, { schema: authorizeRouteSchema }, async (request, reply) => {
    const query = authorizationQuery(request.query);
    const target = await resolveTarget(context, reply, query);
    if (target === null) return reply;
    return answerAuthorizationRequest(context, request, reply, target, query);
  });
}

/** The target, or null after sending the error page. */
export async function resolveTarget(context: PagesContext, reply: FastifyReply, query: Record<string, unknown>): Promise<AuthorizationTarget | null> {
  try {
    return await context.tessera.oidc.authorization.target(query);
  } catch (error) {
    if (error instanceof InvalidClientError) return (sendAuthorizationErrorPage(reply, context.assets, 'unknown_client'), null);
    if (error instanceof InvalidRedirectUriError) return (sendAuthorizationErrorPage(reply, context.assets, 'bad_redirect_uri'), null);
    throw error;
  }
}

/**
 * Runs `step` for a known target; an `AuthorizationRefusedError` goes back to the client
 * (RFC 6749 §4.1.2.1) with `status` (302 answering a GET, 303 a form post).
 */
export async function refusalsToClient(context: PagesContext, reply: FastifyReply, target: AuthorizationTarget, status: 302 | 303, step: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof AuthorizationRefusedError)) throw error;
    return reply.redirect(authorizationErrorRedirect(target, context.config.issuer, error), status);
  }
}

async function answerAuthorizationRequest(context: PagesContext, request: FastifyRequest, reply: FastifyReply, target: AuthorizationTarget, query: Record<string, unknown>) {
  const { tessera, config } = context;
  const { authorization } = tessera.oidc;
  return refusalsToClient(context, reply, target, 302, async () => {
    const authorizationRequest = authorization.validate(target, query);
    const auth = await findSession(tessera, request);
    const step = await authorization.nextStep(authorizationRequest, auth && authorizingSession(auth));
    if (step === 'login' || auth === null) return reply.redirect(loginUrl(query, auth !== null), 303);
    if (step === 'consent') return sendConsentPage(context, reply, authorizationRequest, auth, query);
    const code = await authorization.issueCode(authorizationRequest, authorizingSession(auth));
    return reply.redirect(authorizationCodeRedirect(target, config.issuer, code), 302);
  });
}

function sendConsentPage(context: PagesContext, reply: FastifyReply, request: AuthorizationRequest, auth: SessionAuth, query: Record<string, unknown>): FastifyReply {
  // The answer to the consent form is a redirect to the client: `form-action` must allow it.
  const source = redirectCspSource(request.redirectUri);
  if (source !== null) allowFormActionTo(reply, [source]);
  const destination = new URL(request.redirectUri);
  return sendPage(
    reply,
    consentPage({
      assets: context.assets,
      signedIn: { email: auth.user.email, csrfToken: context.tessera.sessions.csrfTokenFor(auth.token) },
      clientName: request.client.name,
      destination: destination.host === '' ? destination.protocol : destination.host,
      scopes: request.scopes,
      request: postableParameters(query),
    }),
  );
}
