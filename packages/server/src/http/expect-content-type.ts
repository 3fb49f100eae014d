import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem.js';

export type BodyKind = 'json' | 'form';

const mediaTypes: Record<BodyKind, string> = { json: 'application/json', form: 'application/x-www-form-urlencoded' };

/**
 * A route's body must be of its one media type: a JSON route refuses form posts (which browsers
 * send cross-site without a preflight) and the token endpoint refuses JSON (RFC 6749 §3.2).
 * A request without any body passes; the route's schema then says what is missing.
 */
export function expectContentType(kind: BodyKind) {
  return async (request: FastifyRequest): Promise<void> => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined) {
      if (request.body === undefined || request.body === null) return;
      throw new HttpProblem('unsupported_media_type', `Send ${mediaTypes[kind]}`);
    }
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== mediaTypes[kind]) throw new HttpProblem('unsupported_media_type', `Send ${mediaTypes[kind]}`);
  };
}
