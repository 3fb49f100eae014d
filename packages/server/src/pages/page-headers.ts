import type { FastifyReply } from 'fastify';

/**
 * The Content-Security-Policy of every HTML page (ASVS 5.0 V3.4.3; CSP Level 3). Scripts and
 * styles only from files on this origin (no inline script or style, no `eval`), forms only post
 * here (a script injected into the page could not send the password elsewhere by form either),
 * no framing (clickjacking, with `X-Frame-Options: DENY` for old browsers), no `<base>` hijack, no
 * plugins, and Trusted Types so that DOM XSS sinks (`innerHTML`, …) refuse strings.
 */
export const pageContentSecurityPolicy = pageContentSecurityPolicyAllowing([]);

/**
 * The page CSP with `form-action` also allowing `sources`. CSP3 checks `form-action` on every
 * redirect a form submission follows, so a form whose answer ends at a client's redirect URI
 * (consent, or a login inside an authorization request) needs that origin listed, or Chromium
 * blocks the last hop. Only that page gets it; every other form still posts only here.
 */
export function pageContentSecurityPolicyAllowing(sources: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...sources].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

const formActionSources = new WeakMap<FastifyReply, readonly string[]>();

/**
 * Lets this page's forms end at `sources` (CSP source expressions the caller has checked: the
 * origin of a registered redirect URI). Read by `applyPageHeaders`.
 */
export function allowFormActionTo(reply: FastifyReply, sources: readonly string[]): void {
  if (sources.length > 0) formActionSources.set(reply, sources);
}

/**
 * Headers of every HTML page, replacing the API's stricter-but-unusable defaults from helmet:
 * - the page CSP above (with the `form-action` sources `allowFormActionTo` gave this reply);
 * - `Referrer-Policy: same-origin`: the API's `no-referrer` would make browsers send
 *   `Origin: null` on our own form posts (Fetch §"append a request `Origin` header"), which the
 *   Origin check rightly refuses; `same-origin` still sends nothing to other sites;
 * - `Cache-Control: no-store`: pages carry CSRF tokens and account data (ASVS 5.0 V14.3.2).
 */
export function applyPageHeaders(reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': pageContentSecurityPolicyAllowing(formActionSources.get(reply) ?? []),
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
  });
}
