import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { authenticateClient } from '../auth/client-authentication.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { formParams } from './oauth-token.js';

// No length cap beyond the body limit: an over-long token is just an unknown one, and RFC 7009 §2.2 answers 200 for those.
const revokeParams = z.object({ token: z.string().min(1), token_type_hint: z.string().max(64).optional() });

/**
 * `POST /oauth/revoke` (RFC 7009): public clients identify themselves by `client_id` (none: the
 * first-party client), confidential ones authenticate. `200` whether or not the token was known,
 * valid or the client's (§2.2), so the endpoint reveals nothing. A revoked refresh token takes its
 * family and the family's access tokens with it; a revoked access token is denylisted at once.
 * Unknown hints are ignored (§2.1: the hint is only a hint). Rate limited per IP, then per client
 * (429 with `Retry-After`, `error: rate_limited`), so a flood cannot spend secret checks or denylist writes.
 */
export function registerRevokeRoute(app: FastifyInstance, { tessera, metrics, revokeLimit }: AppContext): void {
  app.post('/oauth/revoke', { preValidation: expectContentType('form') }, async (request, reply) => {
    const params = formParams(request.body);
    await revokeLimit.chargeIp(request.ip);
    const client = await authenticateClient(tessera, request, params);
    await revokeLimit.chargeClient(client.id);
    const input = parseBody(revokeParams, params);
    await tessera.tokens.revoke(client, input.token, input.token_type_hint);
    metrics.revoked('oauth_revoke');
    return reply.code(200).send();
  });
}
