import type { FastifyReply, FastifyRequest } from 'fastify';
import { securityHeaderValues } from '../security/security-headers.js';
import { handleError } from './error-handler.js';

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route, and so before any hook,
 * runs: a path parameter over `maxParamLength` (`FST_ERR_MAX_PARAM_LENGTH`), a parameter that is
 * not valid percent-encoding (`FST_ERR_BAD_URL`). Fastify's own answer echoes the path and carries
 * no security headers (audit issue 9, finding 11); this one is the same problem document as every
 * other error, with the headers the skipped hooks would have added.
 */
export function handleFrameworkError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers({ ...securityHeaderValues, 'cache-control': 'no-store' });
  handleError(error, request, reply);
}
