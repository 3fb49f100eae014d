import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';

/**
 * `/healthz` and `/readyz`: 200 `{status: "ok"}` while the stores answer, 503 while they do not
 * or while the instance drains for shutdown (CONTRACT.md). Both ask the same question: an
 * instance that cannot reach its stores cannot serve, and restarting it would not help.
 */
export function registerHealthRoutes(app: FastifyInstance, { readiness }: AppContext): void {
  for (const path of ['/healthz', '/readyz']) {
    app.get(path, { logLevel: 'warn' }, async (_request, reply) => {
      const problem = await readiness.check();
      void reply.header('cache-control', 'no-store');
      if (problem === null) return { status: 'ok' };
      return reply.code(503).send({ status: 'unavailable', reason: problem });
    });
  }
}
