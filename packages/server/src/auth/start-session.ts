import { sessionDataFor, toPublicUser, type AuthenticationMethod, type UserRecord } from '@tessera/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { readSessionCookie, setSessionCookie } from '../security/session-cookie.js';

/** `POST /auth/login`'s answer (CONTRACT "HTTP: sessions"), whichever step or method ended the login. */
export interface LoginAnswer {
  user: ReturnType<typeof toPublicUser>;
  csrf_token: string;
  expires_at: string;
}

/**
 * Ends a login: a fresh session (replacing whatever session the presented cookie named: fixation,
 * ASVS 5.0 V7.2.4) that remembers how the user authenticated (`amr`, RFC 8176), and its cookie.
 */
export async function startSession(
  { tessera }: Pick<AppContext, 'tessera'>,
  request: FastifyRequest,
  reply: FastifyReply,
  user: UserRecord,
  amr: readonly AuthenticationMethod[],
): Promise<LoginAnswer> {
  const meta = { userAgent: request.headers['user-agent'] ?? null, ip: request.ip, data: sessionDataFor(amr) };
  const created = await tessera.sessions.create(user.id, meta, readSessionCookie(request));
  setSessionCookie(reply, created.token, created.session.absoluteExpiresAt, tessera.clock.now());
  request.log.info({ userId: user.id, amr }, 'login succeeded');
  const { idleExpiresAt, absoluteExpiresAt } = created.session;
  return { user: toPublicUser(user), csrf_token: created.csrfToken, expires_at: new Date(Math.min(idleExpiresAt, absoluteExpiresAt)).toISOString() };
}
