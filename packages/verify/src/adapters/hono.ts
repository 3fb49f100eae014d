import type { MiddlewareHandler } from 'hono';
import type { Claims } from '../claims.js';
import type { Verifier } from '../create-verifier.js';
import { isVerifyError } from '../verify-error.js';
import { authFailure, bearerToken, type AuthOptions } from './bearer-challenge.js';

export type { AuthOptions } from './bearer-challenge.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Claims of the verified bearer token (set by `bearerAuth`). */
    auth: Claims;
  }
}

/**
 * Hono middleware: verifies `Authorization: Bearer`, stores the claims as `c.get('auth')`, and
 * answers 401/403 with RFC 6750 `WWW-Authenticate` and `{ error, error_description }` (503 with
 * `Retry-After` when the verifier cannot decide).
 *
 * @example
 * ```ts
 * import { bearerAuth } from '@tessera/verify/hono';
 * app.get('/orders', bearerAuth(verifier, { requiredScopes: ['orders:read'] }), (c) => c.json({ user: c.get('auth').sub }));
 * ```
 */
export function bearerAuth(verifier: Verifier, options?: AuthOptions): MiddlewareHandler<{ Variables: { auth: Claims } }> {
  return async (c, next) => {
    let claims: Claims;
    try {
      claims = await verifier.verify(bearerToken(c.req.header('authorization')), options);
    } catch (error) {
      if (!isVerifyError(error)) throw error;
      const failure = authFailure(error, options?.requiredScopes);
      return c.json(failure.body, failure.status, failure.headers);
    }
    c.set('auth', claims);
    await next();
    return undefined;
  };
}
