import type { FastifyInstance, HTTPMethods } from 'fastify';
import { HttpProblem } from '../http/http-problem.js';

/**
 * Methods an `/oauth/*` endpoint refuses with 405 and `Allow` (RFC 9110 §15.5.6) instead of a 404
 * that would say the endpoint does not exist. OPTIONS is left to CORS preflight.
 */
const refusable: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Registers the 405 answer for every method of `refusable` that `url` does not serve. */
export function refuseOtherMethods(scope: FastifyInstance, url: string, allowed: readonly HTTPMethods[]): void {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])].join(', ');
  const methods = refusable.filter((method) => !allowed.includes(method) && !(method === 'HEAD' && allowed.includes('GET')));
  scope.route({
    method: [...methods],
    url,
    exposeHeadRoute: false,
    // Not in the OpenAPI document: an operation per refused method would read as if it were served.
    schema: { hide: true },
    handler: async () => {
      throw new HttpProblem('method_not_allowed', `Use ${allowed.join(' or ')}`, { allow });
    },
  });
}
