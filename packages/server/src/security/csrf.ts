import type { Tessera } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/http-problem.js';
import { isUnsafeMethod } from './origin-check.js';

export const csrfHeaderName = 'x-csrf-token';

/**
 * Synchronizer token (OWASP CSRF Prevention Cheat Sheet; ASVS 5.0 V3.5.1): an unsafe request
 * authenticated by the session cookie must carry the login's `csrf_token` in `X-CSRF-Token`.
 * The token is an HMAC of the session token (core `SessionService.csrfTokenFor`), compared in
 * constant time, so nothing extra is stored. A custom header also forces a CORS preflight.
 * HTML forms cannot set headers: the hosted pages pass their hidden `csrf_token` field as `presented`.
 */
export function assertCsrf(tessera: Tessera, request: FastifyRequest, sessionToken: string, presented: string | undefined = csrfHeader(request)): void {
  if (!isUnsafeMethod(request.method)) return;
  if (!tessera.sessions.verifyCsrf(sessionToken, presented)) {
    throw new HttpProblem('csrf_failed', 'X-CSRF-Token is missing or does not match the session');
  }
}

function csrfHeader(request: FastifyRequest): string | undefined {
  const header = request.headers[csrfHeaderName];
  return typeof header === 'string' ? header : undefined;
}
