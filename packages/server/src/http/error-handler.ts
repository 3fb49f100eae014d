import type { FastifyReply, FastifyRequest } from 'fastify';
import { startErrorReply } from './render-error.js';

/**
 * The server's error handler: RFC 9457 problem details. `error` repeats `code`, so every JSON
 * error of Tessera has `error`. `/oauth/*` has its own (oauth/oauth-error-handler.ts).
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { code, entry, detail, extra } = startErrorReply(error, request, reply);
  void reply.type('application/problem+json; charset=utf-8').send({
    type: `urn:tessera:problem:${code}`,
    title: entry.title,
    status: entry.status,
    detail,
    code,
    error: code,
    ...extra,
  });
}
