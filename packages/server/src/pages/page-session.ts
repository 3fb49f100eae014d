import type { Tessera } from '@tessera/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findSession } from '../auth/session-authentication.js';
import { assertCsrf } from '../security/csrf.js';
import { clearSessionCookie, readSessionCookie } from '../security/session-cookie.js';
import { formFields } from './form-input.js';
import { withNotice } from './notices.js';

/**
 * Sends a browser without a live session to the sign-in page (303). A cookie that names no live
 * session (signed out from another device, password changed, expired) is cleared and the page
 * says the session ended: a signed-out device lands on /login at its next navigation.
 */
export function redirectToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (readSessionCookie(request) === undefined) return reply.redirect('/login', 303);
  clearSessionCookie(reply);
  return reply.redirect(withNotice('/login', 'session-ended'), 303);
}

/**
 * preHandler of every signed-in form post: the live session (else 303 to /login, see above) and
 * its synchronizer CSRF token from the hidden `csrf_token` field (else 403), through the same
 * `findSession` and `assertCsrf` as the JSON API. The Origin/Referer check ran in `onRequest`.
 */
export function requirePageSession(tessera: Tessera) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const auth = await findSession(tessera, request);
    if (!auth) return redirectToLogin(request, reply);
    assertCsrf(tessera, request, auth.token, formFields(request.body, ['csrf_token']).csrf_token);
    request.sessionAuth = auth;
    return undefined;
  };
}
