import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `__Host-` prefix (RFC 6265bis §4.1.3.2): the browser accepts it only with `Secure`, `Path=/` and
 * no `Domain`, so no subdomain can plant or overwrite it. `Secure` is set in every mode, also on
 * plain-HTTP loopback (TLS ends at the load balancer; browsers treat localhost as secure).
 */
export const sessionCookieName = '__Host-tessera_session';

/** Longest token this server issues is 43 characters; anything much longer is not ours. */
const maxCookieLength = 256;

export function readSessionCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[sessionCookieName];
  return value && value.length <= maxCookieLength ? value : undefined;
}

/** HttpOnly (ASVS 5.0 V3.3.4), Secure (V3.3.1), SameSite=Lax (V3.3.2), `Max-Age` to the absolute expiry. */
export function setSessionCookie(reply: FastifyReply, token: string, absoluteExpiresAt: number, now: number): void {
  void reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/',
    maxAge: Math.max(0, Math.floor((absoluteExpiresAt - now) / 1000)),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.setCookie(sessionCookieName, '', { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 0, expires: new Date(0) });
}
