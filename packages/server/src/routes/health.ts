import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';

const healthAnswer = z.object({ status: z.enum(['ok', 'unavailable']), reason: z.string().optional(), warnings: z.array(z.string()).optional() });

const probes = {
  '/healthz': 'Health: 200 while the stores answer',
  '/readyz': 'Readiness for load balancers: 503 while a store is down or the instance drains',
} as const;

/**
 * `/healthz` and `/readyz`: 200 `{status: "ok"}` while the stores answer, 503 while they do not
 * or while the instance drains for shutdown (docs/http-api.md#operations). Both ask the same
 * question: an instance that cannot reach its stores cannot serve, and restarting it would not
 * help. `warnings` (only when there are some) name configuration problems that do not stop serving.
 */
export function registerHealthRoutes(app: FastifyInstance, { readiness }: AppContext): void {
  for (const [path, summary] of Object.entries(probes)) {
    const schema = {
      summary,
      tags: ['operations'],
      response: { 200: healthAnswer.describe('Serving'), 503: healthAnswer.describe('A store is unreachable, or the instance drains') },
    };
    app.get(path, { schema, logLevel: 'warn' }, async (_request, reply) => {
      const problem = await readiness.check();
      void reply.header('cache-control', 'no-store');
      const warnings = readiness.warnings.length > 0 ? { warnings: readiness.warnings } : {};
      if (problem === null) return { status: 'ok', ...warnings };
      return reply.code(503).send({ status: 'unavailable', reason: problem, ...warnings });
    });
  }
}
