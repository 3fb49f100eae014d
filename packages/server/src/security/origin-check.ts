import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/http-problem.js';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isUnsafeMethod(method: string): boolean {
  return unsafeMethods.has(method);
}

/**
 * Refuses every unsafe request whose `Origin` (or, without one, `Referer`) names a foreign origin:
 * OWASP CSRF Prevention Cheat Sheet, "Verifying Origin with standard headers"; ASVS 5.0 V3.5.1.
 * Allowed: the request's own origin (scheme + `Host`), the issuer's origin, configured ones, and
 * on the CORS endpoints the origins CORS allows (their requests carry no cookie authority).
 * `Origin: null` (sandboxed frames, redirects across origins) is foreign. Requests with neither
 * header (curl, servers) pass: CSRF needs a browser, and browsers send `Origin` on every unsafe
 * cross-origin request; `Sec-Fetch-Site: cross-site` without `Origin` is refused too.
 */
export function createOriginCheck(issuer: string, allowedOrigins: readonly string[], corsAllowed: (path: string, origin: string) => Promise<boolean> = async () => false) {
  const allowed = new Set([new URL(issuer).origin, ...allowedOrigins]);
  return async (request: FastifyRequest): Promise<void> => {
    if (!isUnsafeMethod(request.method) || crossOriginRoutes.has(request.routeOptions.url ?? '')) return;
    const origin = presentedOrigin(request);
    if (origin === undefined) {
      if (request.headers['sec-fetch-site'] === 'cross-site') throw refused();
      return;
    }
    if (allowed.has(origin) || origin === ownOrigin(request)) return;
    // A browser app on a registered public client's origin calling the token endpoint (CORS, ./cors.ts).
    if (await corsAllowed(request.routeOptions.url ?? '', origin)) return;
    throw refused();
  };
}

/**
 * Routes a browser reaches by design from another site's form: the end-session endpoint (OIDC
 * RP-Initiated Logout 1.0 §2 lets the RP POST it). It changes nothing on its own authority: it
 * ends the session only for an `id_token_hint` of that very session, and otherwise shows a page
 * whose answer is a same-origin, CSRF-protected form.
 */
const crossOriginRoutes = new Set(['/oauth/logout']);

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
