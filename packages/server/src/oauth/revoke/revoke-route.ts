import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/app-context.js';
import { authenticateClient } from '../../auth/client-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { parseBody } from '../../http/parse-body.js';
import { formParams } from '../form-params.js';
import { formConsumes, oauthErrorResponses, tokenReferenceBody } from '../oauth-schemas.js';

const revokeRouteSchema = {
  summary: 'Token revocation (RFC 7009): 200 for any token',
  tags: ['tokens'],
  consumes: formConsumes,
  body: tokenReferenceBody,
  response: { 200: z.null().describe('Revoked, or was never a live token (RFC 7009 §2.2)'), ...oauthErrorResponses },
};

/**
 * `POST /oauth/revoke` (RFC 7009): public clients identify themselves by `client_id` (none: the
 * first-party client), confidential ones authenticate. `200` whether or not the token was known,
 * valid or the client's (§2.2), so the endpoint reveals nothing. A revoked refresh token takes its
 * family and the family's access tokens with it; a revoked access token is denylisted at once.
 * Unknown hints are ignored (§2.1: the hint is only a hint). Pipeline: IP budget → client →
 * client budget (429 with `Retry-After`, so a flood cannot spend secret checks or denylist
 * writes) → parameters → revocation.
 */
export function registerRevokeRoute(oauth: FastifyInstance, { tessera, metrics, revokeLimit }: AppContext): void {
  oauth.post('/revoke', { schema: revokeRouteSchema, preValidation: expectContentType('form') }, async (request, reply) => {
    const params = formParams(request.body);
    await revokeLimit.chargeIp(request.ip);
    const client = await authenticateClient(tessera, request, params);
    await revokeLimit.chargeClient(client.id);
    const input = parseBody(revokeRouteSchema.body, params);
    await tessera.tokens.revoke(client, input.token, input.token_type_hint);
    metrics.revoked('oauth_revoke');
    return reply.code(200).send();
  });
}
