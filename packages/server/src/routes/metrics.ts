import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';

/** `GET /metrics`: Prometheus text. Holds no secrets; keep it off the public listener at the load balancer anyway. */
export function registerMetricsRoute(app: FastifyInstance, { metrics }: AppContext): void {
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    void reply.header('cache-control', 'no-store').type(metrics.contentType);
    return metrics.render();
  });
}
