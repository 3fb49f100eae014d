import { InsufficientScopeError, TokenInvalidError } from '@tessera/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/app-context.js';
import { readBearerToken } from '../../auth/bearer-token.js';
import { HttpProblem } from '../../http/http-problem.js';
import { bearerAuth } from '../../openapi/security-requirements.js';
import { oauthErrorResponses } from '../oauth-schemas.js';

const userInfoRouteSchema = {
  summary: 'OpenID Connect UserInfo (Authorization: Bearer)',
  tags: ['oidc'],
  security: bearerAuth,
  response: {
    200: z
      .object({ sub: z.string(), email: z.string().optional(), email_verified: z.boolean().optional() })
      .describe('OIDC Core §5.3.2 UserInfo response: email claims under scope email'),
    ...oauthErrorResponses,
  },
};

/** RFC 6750 §3: the challenge names the error, and for `insufficient_scope` the scope needed. */
const challenges = {
  none: 'Bearer realm="tessera"',
  invalid_token: 'Bearer realm="tessera", error="invalid_token"',
  insufficient_scope: 'Bearer realm="tessera", error="insufficient_scope", scope="openid"',
} as const;

/**
 * `GET` and `POST /oauth/userinfo` (OIDC Core §5.3): `Authorization: Bearer` (RFC 6750 §2.1; the
 * form-body method of §2.2 is not offered) → a live access token with scope `openid` → the
 * claims its scopes release. Failures: 401 with `WWW-Authenticate: Bearer` (`error="invalid_token"`
 * once a token was presented), 403 `insufficient_scope` without `openid`.
 */
export function registerUserInfoRoute(oauth: FastifyInstance, { tessera }: AppContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const bearer = readBearerToken(request.headers.authorization);
    // §3.1: a request without credentials gets a challenge with no error code.
    if (bearer.kind === 'absent') throw new HttpProblem('token_invalid', 'Send the access token as Authorization: Bearer', { 'www-authenticate': challenges.none });
    if (bearer.kind === 'malformed') throw new HttpProblem('token_invalid', 'Malformed bearer token', { 'www-authenticate': challenges.invalid_token });
    try {
      return await tessera.oidc.userInfo.claims(bearer.token);
    } catch (error) {
      if (error instanceof TokenInvalidError) void reply.header('www-authenticate', challenges.invalid_token);
      if (error instanceof InsufficientScopeError) void reply.header('www-authenticate', challenges.insufficient_scope);
      throw error;
    }
  };
  oauth.get('/userinfo', { schema: userInfoRouteSchema }, handler);
  oauth.post('/userinfo', { schema: userInfoRouteSchema }, handler);
}
