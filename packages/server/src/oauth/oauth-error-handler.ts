import type { FastifyReply, FastifyRequest } from 'fastify';
import { startErrorReply } from '../http/render-error.js';

/** The scheme a client can authenticate with here (RFC 6749 §2.3.1), in RFC 7617's form. */
export const basicChallenge = 'Basic realm="tessera", charset="UTF-8"';

/**
 * The error handler of `/oauth/*`: RFC 6749 §5.2 bodies `{error, error_description}`, with a
 * registered `error` name only (http/oauth-error-code.ts). Every 401 `invalid_client` carries
 * `WWW-Authenticate` (§5.2 requires it after Basic; sending it always tells a client that sent no
 * credentials which scheme to use). A challenge the route set itself wins.
 */
export function handleOAuthError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { entry, detail } = startErrorReply(error, request, reply);
  if (entry.status === 401 && entry.oauthError === 'invalid_client' && !reply.hasHeader('www-authenticate')) {
    reply.header('www-authenticate', basicChallenge);
  }
  void reply.type('application/json; charset=utf-8').send({ error: entry.oauthError, error_description: detail });
}
