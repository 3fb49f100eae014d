import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Claims } from '../claims.js';
import type { Verifier } from '../create-verifier.js';
import { isVerifyError } from '../verify-error.js';
import { authFailure, bearerToken, type AuthOptions } from './bearer-challenge.js';

export type { AuthOptions } from './bearer-challenge.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Claims of the verified bearer token (set by `authPreHandler` / `tesseraAuth`). */
    auth?: Claims | null;
  }
  interface FastifyContextConfig {
    /** Per-route settings for the `tesseraAuth` plugin; `false` leaves the route public. */
    tesseraAuth?: AuthOptions | false;
  }
}

/** An async Fastify `preHandler`: resolves the reply when it answered, `undefined` to continue. */
export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * A Fastify `preHandler` for one route: verifies `Authorization: Bearer`, sets `request.auth`,
 * and answers 401/403 with RFC 6750 `WWW-Authenticate` and `{ error, error_description }` (503
 * with `Retry-After` when the verifier cannot decide: keys, introspection or revocation state unavailable).
 *
 * @example
 * ```ts
 * import { authPreHandler } from '@tessera/verify/fastify';
 * app.get('/billing', { preHandler: authPreHandler(verifier, { requiredScopes: ['billing:read'] }) },
 *   async (request) => ({ user: request.auth?.sub }));
 * ```
 */
export function authPreHandler(verifier: Verifier, options?: AuthOptions): AuthHook {
  return async (request, reply) => {
    try {
      request.auth = await verifier.verify(bearerToken(request.headers.authorization), options);
      return undefined;
    } catch (error) {
      if (!isVerifyError(error)) throw error;
      const failure = authFailure(error, options?.requiredScopes);
      // Returning the reply from an async hook ends the request here (Fastify "Respond to a request from a hook").
      return reply.code(failure.status).headers(failure.headers).send(failure.body);
    }
  };
}

/** Options of the {@link tesseraAuth} plugin. */
export interface TesseraAuthPluginOptions extends AuthOptions {
  readonly verifier: Verifier;
}

/**
 * Fastify plugin: protects every route of the instance it is registered on (it is not
 * encapsulated). A route can demand more with `config: { tesseraAuth: { requiredScopes } }`
 * (scopes add up) or opt out with `config: { tesseraAuth: false }`.
 *
 * @example
 * ```ts
 * import { tesseraAuth } from '@tessera/verify/fastify';
 * await app.register(tesseraAuth, { verifier, requiredScopes: ['billing'] });
 * app.get('/health', { config: { tesseraAuth: false } }, async () => 'ok');
 * ```
 */
export const tesseraAuth: FastifyPluginAsync<TesseraAuthPluginOptions> = async (app: FastifyInstance, pluginOptions: TesseraAuthPluginOptions) => {
  const { verifier, ...defaults } = pluginOptions;
  if (!app.hasRequestDecorator('auth')) app.decorateRequest('auth', null);
  const base = authPreHandler(verifier, defaults);
  const perRoute = new WeakMap<object, AuthHook>();
  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config;
    const route = config.tesseraAuth;
    if (route === false) return;
    if (route === undefined) return base(request, reply);
    let handler = perRoute.get(config);
    if (handler === undefined) {
      handler = authPreHandler(verifier, {
        requiredScopes: [...(defaults.requiredScopes ?? []), ...(route.requiredScopes ?? [])],
        ...((route.maxStaleness ?? defaults.maxStaleness) === undefined ? {} : { maxStaleness: route.maxStaleness ?? defaults.maxStaleness }),
      });
      perRoute.set(config, handler);
    }
    return handler(request, reply);
  });
};
// Like fastify-plugin: apply the hook to the instance it is registered on, not a child context.
Object.assign(tesseraAuth, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: '@tessera/verify' });
