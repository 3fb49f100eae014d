import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
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

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: true, ...helmetOptions });
}

/**
 * The same headers as plain values, for answers written before any hook runs (Fastify's
 * router-level errors, Node's client errors): computed once by helmet itself, so they never drift.
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
