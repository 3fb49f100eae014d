import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/http-problem.js';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isUnsafeMethod(method: string): boolean {
  return unsafeMethods.has(method);
}

/**
 * Refuses every unsafe request whose `Origin` (or, without one, `Referer`) names a foreign origin:
 * OWASP CSRF Prevention Cheat Sheet, "Verifying Origin with standard headers"; ASVS 5.0 V3.5.1.
 * Allowed: the request's own origin (scheme + `Host`), the issuer's origin, and configured ones.
 * `Origin: null` (sandboxed frames, redirects across origins) is foreign. Requests with neither
 * header (curl, servers) pass: CSRF needs a browser, and browsers send `Origin` on every unsafe
 * cross-origin request; `Sec-Fetch-Site: cross-site` without `Origin` is refused too.
 */
export function createOriginCheck(issuer: string, allowedOrigins: readonly string[]) {
  const allowed = new Set([new URL(issuer).origin, ...allowedOrigins]);
  return async (request: FastifyRequest): Promise<void> => {
    if (!isUnsafeMethod(request.method)) return;
    const origin = presentedOrigin(request);
    if (origin === undefined) {
      if (request.headers['sec-fetch-site'] === 'cross-site') throw refused();
      return;
    }
    if (allowed.has(origin) || origin === ownOrigin(request)) return;
    throw refused();
  };
}

function presentedOrigin(request: FastifyRequest): string | undefined {
  const { origin, referer } = request.headers;
  if (origin !== undefined) return origin.trim().toLowerCase();
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function ownOrigin(request: FastifyRequest): string {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return 'invalid';
  }
}

function refused(): HttpProblem {
  return new HttpProblem('origin_refused', 'Unsafe requests from another origin are refused');
}
