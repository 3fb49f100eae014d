import { authorizationCodeRedirect } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../../auth/session-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { formFields } from '../../pages/form-input.js';
import { requirePageSession } from '../../pages/page-session.js';
import { pageRouteSchema } from '../../pages/page-route-schema.js';
import type { PagesContext } from '../../pages/pages-context.js';
import { authorizationParameterNames, authorizationQuery, loginUrl } from './authorization-query.js';
import { authorizingSession } from './authorizing-session.js';
import { refusalsToClient, resolveTarget } from './authorize-route.js';
import { consentPath } from './redirect-source.js';

/**
 * `POST /oauth/authorize/consent` (form): the consent page's answer. The session and its CSRF
 * token (requirePageSession; the Origin check ran first) → the request re-validated from the
 * posted parameters, exactly as on the GET → Allow: consent remembered, `303` to the client with
 * a code; Deny: `303` with `access_denied` (RFC 6749 §4.1.2.1). 303, not 307, so the browser
 * does not re-post the form to the client (RFC 9700 §4.12).
 */
const consentRouteSchema = pageRouteSchema({
  summary: 'The consent page’s Allow or Deny: 303 to the client with a code or access_denied',
  tag: 'oauth',
  form: [...authorizationParameterNames, 'decision', 'csrf_token'],
});

export function registerConsentRoute(pages: FastifyInstance, context: PagesContext): void {
  const { tessera, config } = context;
  pages.post(consentPath, { schema: consentRouteSchema, preValidation: expectContentType('form'), preHandler: requirePageSession(tessera) }, async (request, reply) => {
    const query = authorizationQuery(request.body);
    const target = await resolveTarget(context, reply, query);
    if (target === null) return reply;
    const { authorization } = tessera.oidc;
    return refusalsToClient(context, reply, target, 303, async () => {
      const authorizationRequest = authorization.validate(target, query);
      const auth = sessionOf(request);
      const session = authorizingSession(auth);
      // A session too old for max_age by now is sent to log in again, as the GET would.
      if ((await authorization.nextStep(authorizationRequest, session)) === 'login') return reply.redirect(loginUrl(query, true), 303);
      if (formFields(request.body, ['decision']).decision !== 'allow') throw authorization.deny();
      const code = await authorization.approve(authorizationRequest, session);
      return reply.redirect(authorizationCodeRedirect(target, config.issuer, code), 303);
    });
  });
}
