import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';

/**
 * `/healthz` and `/readyz`: 200 `{status: "ok"}` while the stores answer, 503 while they do not
 * or while the instance drains for shutdown (CONTRACT.md). Both ask the same question: an
 * instance that cannot reach its stores cannot serve, and restarting it would not help.
 * `warnings` (only when there are some) name configuration problems that do not stop serving.
 */
export function registerHealthRoutes(app: FastifyInstance, { readiness }: AppContext): void {
  for (const path of ['/healthz', '/readyz']) {
    app.get(path, { logLevel: 'warn' }, async (_request, reply) => {
      const problem = await readiness.check();
      void reply.header('cache-control', 'no-store');
      const warnings = readiness.warnings.length > 0 ? { warnings: readiness.warnings } : {};
      if (problem === null) return { status: 'ok', ...warnings };
      return reply.code(503).send({ status: 'unavailable', reason: problem, ...warnings });
    });
  }
}
