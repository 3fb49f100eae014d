import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { authenticateConfidentialClient } from '../auth/client-authentication.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { formParams } from './oauth-token.js';

/** No length cap beyond the body limit: an over-long token is simply not one of ours, so inactive. */
const introspectParams = z.object({ token: z.string().min(1), token_type_hint: z.string().max(64).optional() });

/**
 * `POST /oauth/introspect` (RFC 7662): only for authenticated confidential clients (§2.1, else 401
 * invalid_client) registered with `--introspect` (else 403 unauthorized_client: authenticated but
 * without the privilege, as §2.3 answers an under-privileged caller). `{active: false}` for
 * anything unknown, expired, revoked, forged, malformed or not meant for the caller (§4), with no
 * reason (§2.2); that is a 200, as the RFC requires, not an error.
 */
export function registerIntrospectRoute(app: FastifyInstance, { tessera }: AppContext): void {
  app.post('/oauth/introspect', { preValidation: expectContentType('form') }, async (request) => {
    const params = formParams(request.body);
    const client = await authenticateConfidentialClient(tessera, request, params);
    const input = parseBody(introspectParams, params);
    return tessera.tokens.introspect(client, input.token, input.token_type_hint);
  });
}
