import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { HttpProblem } from '../http/http-problem.js';
import { registerIntrospectRoute } from './introspect/introspect-route.js';
import { refuseOtherMethods } from './method-not-allowed.js';
import { handleOAuthError } from './oauth-error-handler.js';
import { registerRevokeRoute } from './revoke/revoke-route.js';
import { registerTokenRoute } from './token/token-route.js';
import { registerUserInfoRoute } from './userinfo/userinfo-route.js';

/** Where the OAuth endpoints live; metadata (routes/well-known.ts) names them under it. */
export const oauthPrefix = '/oauth';

/**
 * `/oauth/*` as an encapsulated Fastify plugin: its error handler answers in RFC 6749 §5.2 form,
 * its not-found handler too, and each endpoint refuses other methods with 405. The server's hooks
 * (origin check, security headers, no-store) still run, as they are the root's. One line per
 * endpoint below; each endpoint's file is its pipeline of named checks.
 *
 * @example await registerOAuth(app, context); // in buildApp
 */
export async function registerOAuth(app: FastifyInstance, context: AppContext): Promise<void> {
  await app.register(
    async (oauth) => {
      oauth.setErrorHandler(handleOAuthError);
      oauth.setNotFoundHandler(async () => {
        throw new HttpProblem('not_found', 'No such OAuth endpoint');
      });
      registerTokenRoute(oauth, context);
      registerRevokeRoute(oauth, context);
      registerIntrospectRoute(oauth, context);
      registerUserInfoRoute(oauth, context);
      for (const endpoint of ['/token', '/revoke', '/introspect']) refuseOtherMethods(oauth, endpoint, ['POST']);
      refuseOtherMethods(oauth, '/userinfo', ['GET', 'POST']);
    },
    { prefix: oauthPrefix },
  );
}
