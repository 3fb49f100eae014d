import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { HttpProblem } from '../http/http-problem.js';
import { problemResponses } from '../http/problem-schema.js';

const metricsRouteSchema = {
  summary: 'Prometheus metrics, for a scraper on this host (404 to anyone else)',
  tags: ['operations'],
  response: {
    200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } },
    404: problemResponses['4xx'],
  },
};

/**
 * `GET /metrics` on the main listener, when no metrics listener of its own is configured
 * (`TESSERA_METRICS_PORT`): Prometheus text for a scraper on this host only. Anyone else,
 * including every request that came through a proxy (it carries forwarding headers), gets the
 * same 404 as an unknown route, so the public surface does not even show that the endpoint
 * exists (audit finding 14; ASVS 5.0 V13.4). With `TESSERA_METRICS_PORT` set the route is not here at all.
 */
export function registerMetricsRoute(app: FastifyInstance, { metrics, config }: Pick<AppContext, 'metrics' | 'config'>): void {
  if (config.metricsPort !== undefined) return;
  app.get('/metrics', { schema: metricsRouteSchema, logLevel: 'warn' }, async (request, reply) => {
    if (!isDirectLoopbackPeer(request)) throw new HttpProblem('not_found', 'No such route');
    void reply.header('cache-control', 'no-store').type(metrics.contentType);
    return metrics.render();
  });
}

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** The TCP peer is this host and no proxy relayed the request (a local load balancer adds `X-Forwarded-For`). */
function isDirectLoopbackPeer(request: FastifyRequest): boolean {
  if (forwardingHeaders.some((name) => request.headers[name] !== undefined)) return false;
  const peer = request.socket.remoteAddress ?? '';
  const address = peer.startsWith('::ffff:') ? peer.slice('::ffff:'.length) : peer;
  if (isIP(address) === 4) return address.startsWith('127.');
  return address === '::1';
}
