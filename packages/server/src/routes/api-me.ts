import { isClientToken, TesseraError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { bearerChallenge, readBearerToken } from '../auth/bearer-token.js';
import { findLiveSession } from '../auth/session-authentication.js';
import { HttpProblem } from '../http/http-problem.js';
import { problemResponses } from '../http/problem-schema.js';
import { bearerOrSessionAuth } from '../openapi/security-requirements.js';

const apiMeRouteSchema = {
  summary: 'The demo protected resource: who the session cookie or bearer token is',
  tags: ['tokens'],
  security: bearerOrSessionAuth,
  response: {
    200: z
      .object({ sub: z.string(), email: z.string().optional(), client_id: z.string().optional(), auth: z.enum(['bearer', 'session', 'client']) })
      .describe('`client`: a client_credentials token, with `client_id` and no email'),
    ...problemResponses,
  },
};

/**
 * `GET /api/me`, the demo protected resource: `Authorization: Bearer` (verified JWT + denylist;
 * the email from a small per-instance cache, so no user-store read per request) or else the
 * session cookie (one session lookup, the email from the same cache). `200 {sub, email, auth}`; a
 * client's own token (client_credentials) is answered as a client, `200 {sub, client_id, auth:
 * "client"}`, never looked up as a user; otherwise 401 with `WWW-Authenticate: Bearer`
 * (RFC 6750 §3), `error="invalid_token"` when a token was presented. A presented Authorization
 * header decides alone: a bad token is not rescued by a cookie.
 */
export function registerApiMeRoute(app: FastifyInstance, { tessera, emailCache }: AppContext): void {
  app.get('/api/me', { schema: apiMeRouteSchema }, async (request) => {
    const bearer = readBearerToken(request.headers.authorization);
    if (bearer.kind === 'malformed') throw unauthorized(true, 'Malformed bearer token');
    if (bearer.kind === 'token') {
      let claims;
      try {
        claims = await tessera.tokens.authenticateAccessToken(bearer.token);
      } catch (error) {
        if (error instanceof TesseraError && error.code === 'token_invalid') throw unauthorized(true, 'The access token is not valid');
        throw error;
      }
      if (isClientToken(claims)) return { sub: claims.sub, client_id: claims.client_id, auth: 'client' as const };
      return { sub: claims.sub, email: await emailCache.get(claims.sub), auth: 'bearer' as const };
    }
    // One session lookup; the email comes from the same bounded cache as on the Bearer path.
    const live = await findLiveSession(tessera, request);
    const email = live && (await emailCache.get(live.session.userId));
    if (!live || email === null) throw unauthorized(false, 'Send a session cookie or a bearer token');
    return { sub: live.session.userId, email, auth: 'session' as const };
  });
}

function unauthorized(tokenPresented: boolean, detail: string): HttpProblem {
  return new HttpProblem(tokenPresented ? 'token_invalid' : 'unauthenticated', detail, { 'www-authenticate': bearerChallenge(tokenPresented) });
}
