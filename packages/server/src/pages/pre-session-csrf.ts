import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '@tessera/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * CSRF protection for the signed-out forms (login, sign-up), where no session token exists yet to
 * bind a synchronizer token to: OWASP CSRF Prevention Cheat Sheet, "Signed Double-Submit Cookie"
 * (the HMAC variant it recommends), which also stops login CSRF (an attacker signing the victim
 * into the attacker's account).
 *
 * - The cookie `__Host-tessera_csrf` holds a random 256-bit nonce: HttpOnly, Secure, SameSite=Lax,
 *   Path=/, no Domain. The `__Host-` prefix means no sibling subdomain can plant or overwrite it
 *   (RFC 6265bis §4.1.3.2), which is what breaks the naive double-submit pattern.
 * - The form carries `HMAC-SHA256(server secret, "tessera-pre-session-csrf" ‖ 0 ‖ nonce)`. The server
 *   recomputes it from the cookie and compares in constant time. Nothing is stored; the secret is
 *   a server-wide one from the key store, so every instance of a fleet accepts every form.
 *
 * Lax rather than Strict so a login page reached from a link in another site reuses the cookie
 * instead of minting a new one under a form open in another tab. The Origin check runs first anyway.
 */
export const preSessionCsrfCookieName = '__Host-tessera_csrf';

/** Long enough to fill in a form after a coffee; an expired form is simply shown again with a fresh token. */
const cookieMaxAgeSeconds = 2 * 60 * 60;
const nonceShape = /^[A-Za-z0-9_-]{43}$/;

export class PreSessionCsrf {
  readonly #key: Uint8Array;

  constructor(key: Uint8Array) {
    if (key.byteLength < 32) throw new TypeError('the pre-session CSRF key must be at least 32 bytes');
    this.#key = key;
  }

  /**
   * The token to put in the form, reusing the nonce the browser already holds so that several
   * open tabs stay valid; sets the cookie when there is none (or a malformed one).
   */
  issue(request: FastifyRequest, reply: FastifyReply): string {
    let nonce = readNonce(request);
    if (nonce === undefined) {
      nonce = randomBytes(32).toString('base64url');
      void reply.setCookie(preSessionCsrfCookieName, nonce, {
        httpOnly: true,
        secure: true,
        sameSite: 'lax',
        path: '/',
        maxAge: cookieMaxAgeSeconds,
      });
    }
    return this.#tokenFor(nonce);
  }

  /** True when the form's token matches the HMAC of the cookie's nonce. */
  verify(request: FastifyRequest, presented: string | undefined): boolean {
    const nonce = readNonce(request);
    if (nonce === undefined || typeof presented !== 'string' || presented.length === 0) return false;
    return constantTimeEqual(this.#tokenFor(nonce), presented);
  }

  /** After login the session's own CSRF token takes over; the pre-session nonce is spent. */
  clear(reply: FastifyReply): void {
    void reply.setCookie(preSessionCsrfCookieName, '', { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 0, expires: new Date(0) });
  }

  #tokenFor(nonce: string): string {
    return createHmac('sha256', this.#key).update('tessera-pre-session-csrf').update('\0').update(nonce).digest('base64url');
  }
}

function readNonce(request: FastifyRequest): string | undefined {
  const value = request.cookies[preSessionCsrfCookieName];
  return value !== undefined && nonceShape.test(value) ? value : undefined;
}
