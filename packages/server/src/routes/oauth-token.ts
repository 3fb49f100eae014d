import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { authenticateClient } from '../auth/client-authentication.js';
import { clientCredentialsGrant } from '../grants/client-credentials-grant.js';
import type { GrantHandler } from '../grants/grant-handler.js';
import { passwordGrant } from '../grants/password-grant.js';
import { refreshTokenGrant } from '../grants/refresh-token-grant.js';
import { expectContentType } from '../http/expect-content-type.js';
import { HttpProblem } from '../http/http-problem.js';

/** The grants this server speaks, by `grant_type` (advertised as `grant_types_supported`). */
export const grantHandlers: Readonly<Record<string, GrantHandler>> = {
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

/**
 * `POST /oauth/token` (form-encoded, RFC 6749 §3.2): grant type known → client authenticated
 * (Basic or post; no `client_id` means the first-party client) → the grant's handler. Errors are
 * RFC 6749 §5.2 bodies; `Cache-Control: no-store` and `Pragma: no-cache` come from the no-store hook.
 */
export function registerTokenRoute(app: FastifyInstance, context: AppContext): void {
  app.post('/oauth/token', { preValidation: expectContentType('form') }, async (request) => {
    const params = formParams(request.body);
    const grantType = params.grant_type;
    if (typeof grantType !== 'string' || grantType === '') throw new HttpProblem(400, 'invalid_request', 'grant_type is required');
    const handler = Object.hasOwn(grantHandlers, grantType) ? grantHandlers[grantType] : undefined;
    if (!handler) throw new HttpProblem(400, 'unsupported_grant_type', 'This grant type is not supported');
    const client = await authenticateClient(context.tessera, request, params);
    return handler(context, client, params, request);
  });
}

/** The parsed form, or an empty one for a request without a body. */
export function formParams(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}
