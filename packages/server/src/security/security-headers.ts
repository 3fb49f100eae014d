import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every response (ASVS 5.0 V3.4). The server answers only JSON, so the CSP is
 * the strictest there is: nothing may load, nothing may frame it. HSTS is sent too; browsers only
 * honour it over HTTPS, i.e. behind the TLS-terminating load balancer.
 */
const helmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
} satisfies HelmetOptions;

/**
 * Sets {@link securityHeaderValues} on every reply in one `onRequest` hook. `@fastify/helmet` ran
 * helmet's eleven middlewares on every request to produce the same constant headers (3.6 % of the
 * server's CPU on `/api/me`, issue 13); the values are computed once by helmet itself, below. Set
 * on the reply (not the raw response), so a route may still override one: the HTML pages replace
 * the CSP, `Referrer-Policy` and `X-Frame-Options` (`applyPageHeaders`).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaderValues);
    done();
  });
}

/**
 * The security headers as plain values, computed once by helmet itself (so they never drift from
 * its defaults): set by the hook above, and on answers written before any hook runs (Fastify's
 * router-level errors, Node's client errors).
 */
export const securityHeaderValues: Readonly<Record<string, string>> = (() => {
  const values: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => (values[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete values[name.toLowerCase()],
  };
  helmet(helmetOptions)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {});
  return Object.freeze(values);
})();
