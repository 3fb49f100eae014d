import type { FastifyInstance } from 'fastify';

/**
 * Fastify's own per-request logging (`incoming request` + `request completed` at `info`): on only
 * with `TESSERA_ACCESS_LOG=true`. Two JSON lines per request cost more CPU than answering a cached
 * Bearer request (issue 13: 20 MB of log in 13 s under load), so by default the `info` stream
 * carries what an operator acts on: logins, sign-ups, refused dependencies and errors.
 */
export function fastifyRequestLogging(accessLog: boolean): { disableRequestLogging: boolean } {
  return { disableRequestLogging: !accessLog };
}

/**
 * Without the access log, one `request completed` line per request at `debug`, the same fields
 * Fastify writes (the logger's serializers strip headers and the query string). The hook is only
 * added when the level would print it (`wanted`: no access log and the logger at `debug` or
 * below), so the default path pays nothing for it.
 */
export function registerDebugRequestLog(app: FastifyInstance, wanted: boolean): void {
  if (!wanted) return;
  app.addHook('onResponse', (request, reply, done) => {
    request.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
}
