import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export interface RequestLogOptions {
  /** `TESSERA_ACCESS_LOG`: Fastify's two `info` lines per request. */
  accessLog: boolean;
  /** Whether the logger's level prints `debug` (read once: the level is fixed at start). */
  debugEnabled: boolean;
}

/**
 * Fastify's per-request log lines, as Tessera wants them. Fastify writes `incoming request` and
 * `request completed` at `info` for every request: two JSON lines that cost more CPU than
 * answering a cached Bearer request (issue 13: 20 MB of log in 13 s under load). So:
 * - `TESSERA_ACCESS_LOG=true`: exactly Fastify's lines;
 * - default: one `request completed` line per request at `debug` (method, route, URL without its
 *   query, status, time; the logger's serializers drop headers), nothing at `info`. The `info`
 *   stream carries what an operator acts on: logins, sign-ups, refused dependencies, errors.
 * A request that errored is logged at `error` either way; Fastify's other lines are unchanged.
 */
export class TesseraLogController extends LogController {
  constructor(private readonly options: RequestLogOptions) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.options.accessLog) super.incomingRequest(request, reply);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.options.accessLog || error) {
      super.requestCompleted(error, request, reply);
      return;
    }
    // Checked before building the object: the default path allocates nothing here.
    if (this.options.debugEnabled) reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
