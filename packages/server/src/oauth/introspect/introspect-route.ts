import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/app-context.js';
import { authenticateConfidentialClient } from '../../auth/client-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { parseBody } from '../../http/parse-body.js';
import { formParams } from '../form-params.js';
import { formConsumes, oauthErrorResponses, tokenReferenceBody } from '../oauth-schemas.js';

const introspectRouteSchema = {
  summary: 'Token introspection (RFC 7662), for clients registered with --introspect',
  tags: ['tokens'],
  consumes: formConsumes,
  body: tokenReferenceBody,
  response: {
    200: z.looseObject({ active: z.boolean() }).describe('RFC 7662 §2.2 introspection response'),
    ...oauthErrorResponses,
  },
};

/**
 * `POST /oauth/introspect` (RFC 7662), as a pipeline: authenticated confidential client (§2.1,
 * else 401 invalid_client) → registered with `--introspect` (else 403 unauthorized_client:
 * authenticated but without the privilege, as §2.3 answers an under-privileged caller, checked in
 * the core) → the answer. `{active: false}` for anything unknown, expired, revoked, forged,
 * malformed or not meant for the caller (§4), with no reason (§2.2); that is a 200, as the RFC
 * requires, not an error.
 */
export function registerIntrospectRoute(oauth: FastifyInstance, { tessera }: AppContext): void {
  oauth.post('/introspect', { schema: introspectRouteSchema, preValidation: expectContentType('form') }, async (request) => {
    const params = formParams(request.body);
    const client = await authenticateConfidentialClient(tessera, request, params);
    const input = parseBody(introspectRouteSchema.body, params);
    return tessera.tokens.introspect(client, input.token, input.token_type_hint);
  });
}
