import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Claims } from '../claims.js';
import type { Verifier } from '../create-verifier.js';
import { isVerifyError, type VerifyError } from '../verify-error.js';
import { authFailure, bearerToken, type AuthOptions } from './bearer-challenge.js';

export type { AuthOptions } from './bearer-challenge.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Claims of the verified bearer token (set by `requireAuth`). */
    auth?: Claims;
  }
}

function refuse(res: Response, error: VerifyError, options: AuthOptions | undefined): void {
  const failure = authFailure(error, options?.requiredScopes);
  res.status(failure.status).set(failure.headers).send(JSON.stringify(failure.body));
}

/**
 * Express middleware: verifies `Authorization: Bearer`, puts the claims on `req.auth`, and answers
 * 401 (403 for a missing scope) with an RFC 6750 `WWW-Authenticate` header and
 * `{ error, error_description }` otherwise (503 with `Retry-After` when the verifier cannot decide). Errors that are not token refusals go to `next(err)`.
 *
 * @example
 * ```ts
 * import { requireAuth } from '@tessera/verify/express';
 * app.get('/orders', requireAuth(verifier, { requiredScopes: ['orders:read'] }), (req, res) => {
 *   res.json({ user: req.auth?.sub });
 * });
 * ```
 */
export function requireAuth(verifier: Verifier, options?: AuthOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    let token: string | undefined;
    try {
      token = bearerToken(req.headers.authorization);
    } catch (error) {
      if (isVerifyError(error)) return refuse(res, error, options);
      return next(error);
    }
    verifier.verify(token, options).then(
      (claims) => {
        req.auth = claims;
        next();
      },
      (error: unknown) => {
        if (isVerifyError(error)) refuse(res, error, options);
        else next(error);
      },
    );
  };
}
