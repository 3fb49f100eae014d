import type { FastifyInstance } from 'fastify';

export const instanceHeaderName = 'x-tessera-instance';

/**
 * `X-Tessera-Instance: <TESSERA_INSTANCE_NAME>` on every response (errors and 404s included),
 * when the name is configured: shows which instance behind a load balancer answered. Opt-in,
 * since it tells the world how the fleet is laid out.
 */
export function registerInstanceHeader(app: FastifyInstance, instanceName: string | undefined): void {
  if (instanceName === undefined) return;
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header(instanceHeaderName, instanceName);
  });
}
