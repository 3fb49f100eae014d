import type { FastifyReply } from 'fastify';

/**
 * The Content-Security-Policy of every HTML page (ASVS 5.0 V3.4.3; CSP Level 3). Scripts and
 * styles only from files on this origin (no inline script or style, no `eval`), forms only post
 * here (a script injected into the page could not send the password elsewhere by form either),
 * no framing (clickjacking, with `X-Frame-Options: DENY` for old browsers), no `<base>` hijack, no
 * plugins, and Trusted Types so that DOM XSS sinks (`innerHTML`, …) refuse strings.
 */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

/**
 * Headers of every HTML page, replacing the API's stricter-but-unusable defaults from helmet:
 * - the page CSP above;
 * - `Referrer-Policy: same-origin`: the API's `no-referrer` would make browsers send
 *   `Origin: null` on our own form posts (Fetch §"append a request `Origin` header"), which the
 *   Origin check rightly refuses; `same-origin` still sends nothing to other sites;
 * - `Cache-Control: no-store`: pages carry CSRF tokens and account data (ASVS 5.0 V14.3.2).
 */
export function applyPageHeaders(reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': pageContentSecurityPolicy,
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
}
