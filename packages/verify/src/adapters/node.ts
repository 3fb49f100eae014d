import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Claims } from '../claims.js';
import type { Verifier } from '../create-verifier.js';
import { isVerifyError } from '../verify-error.js';
import { authFailure, bearerToken, type AuthOptions } from './bearer-challenge.js';

export type { AuthOptions } from './bearer-challenge.js';

/** A request whose bearer token was verified. */
export type AuthenticatedRequest = IncomingMessage & { auth: Claims };

/**
 * Verifies the request's `Authorization: Bearer` for plain `node:http`. Resolves with the claims
 * (also set as `req.auth`), or answers 401/403 with RFC 6750 `WWW-Authenticate` and
 * `{ error, error_description }` (503 with `Retry-After` when the verifier cannot decide) and
 * resolves `undefined`. Errors that are not token refusals reject.
 *
 * @example
 * ```ts
 * import { authenticate } from '@tessera/verify/node';
 * http.createServer(async (req, res) => {
 *   const claims = await authenticate(verifier, req, res, { requiredScopes: ['orders:read'] });
 *   if (claims === undefined) return; // already answered
 *   res.end(JSON.stringify({ user: claims.sub }));
 * });
 * ```
 */
export async function authenticate(verifier: Verifier, req: IncomingMessage, res: ServerResponse, options?: AuthOptions): Promise<Claims | undefined> {
  try {
    const claims = await verifier.verify(bearerToken(req.headers.authorization), options);
    (req as AuthenticatedRequest).auth = claims;
    return claims;
  } catch (error) {
    if (!isVerifyError(error)) throw error;
    const failure = authFailure(error, options?.requiredScopes);
    res.writeHead(failure.status, failure.headers).end(JSON.stringify(failure.body));
    return undefined;
  }
}

/**
 * Wraps a `node:http` handler so it only runs for verified requests (`req.auth` set). Unexpected
 * errors answer 500 without detail.
 *
 * @example
 * ```ts
 * import { withAuth } from '@tessera/verify/node';
 * http.createServer(withAuth(verifier, (req, res) => res.end(req.auth.sub)));
 * ```
 */
export function withAuth(
  verifier: Verifier,
  handler: (req: AuthenticatedRequest, res: ServerResponse) => void | Promise<void>,
  options?: AuthOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    authenticate(verifier, req, res, options)
      .then((claims) => (claims === undefined ? undefined : handler(req as AuthenticatedRequest, res)))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        if (!res.writableEnded) res.end(JSON.stringify({ error: 'server_error' }));
      });
  };
}
