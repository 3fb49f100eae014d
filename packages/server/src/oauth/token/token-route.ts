import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/app-context.js';
import { authenticateClient } from '../../auth/client-authentication.js';
import { expectContentType } from '../../http/expect-content-type.js';
import { formParams } from '../form-params.js';
import { selectGrant } from './select-grant.js';
import { tokenRouteSchema } from './token-route-schema.js';

/**
 * `POST /oauth/token` (form-encoded, RFC 6749 §3.2), as a pipeline of named checks: form body →
 * known grant type → client authenticated (Basic or post; no `client_id` means the first-party
 * client) → the grant's handler. Errors are RFC 6749 §5.2 bodies (../oauth-error-handler.ts);
 * `Cache-Control: no-store` and `Pragma: no-cache` come from the no-store hook.
 */
export function registerTokenRoute(oauth: FastifyInstance, context: AppContext): void {
  oauth.post('/token', { schema: tokenRouteSchema, preValidation: expectContentType('form') }, async (request) => {
    const params = formParams(request.body);
    const grant = selectGrant(params);
    const client = await authenticateClient(context.tessera, request, params);
    return grant(context, client, params, request);
  });
}
