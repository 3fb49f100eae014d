import { toPublicUser } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { isCredentialFailure, loginFailureOutcome } from '../auth/credential-failure.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { readSessionCookie, setSessionCookie } from '../security/session-cookie.js';
import { loginRouteSchema } from './auth-schemas.js';

/**
 * `POST /auth/login {email, password}` → `200 {user, csrf_token, expires_at}` plus the session
 * cookie. Steps: body shape → throttle (429) → credentials (one 401 for unknown email and wrong
 * password, same timing: core) → a fresh session that ends whatever session the presented cookie
 * named (fixation, ASVS 5.0 V7.2.4) → cookie.
 */
export function registerLoginRoute(app: FastifyInstance, { tessera, throttle, metrics }: AppContext): void {
  app.post('/auth/login', { schema: loginRouteSchema, preValidation: expectContentType('json') }, async (request, reply) => {
    const input = parseBody(loginRouteSchema.body, request.body);
    const ip = request.ip;
    let user;
    try {
      user = await throttle.guard(input.email, ip, () => tessera.accounts.authenticate(input.email, input.password, { ip }), isCredentialFailure);
    } catch (error) {
      metrics.login('auth_login', loginFailureOutcome(error));
      throw error;
    }
    metrics.login('auth_login', 'success');
    const created = await tessera.sessions.create(user.id, { userAgent: request.headers['user-agent'] ?? null, ip }, readSessionCookie(request));
    setSessionCookie(reply, created.token, created.session.absoluteExpiresAt, tessera.clock.now());
    request.log.info({ userId: user.id }, 'login succeeded');
    const { idleExpiresAt, absoluteExpiresAt } = created.session;
    return { user: toPublicUser(user), csrf_token: created.csrfToken, expires_at: new Date(Math.min(idleExpiresAt, absoluteExpiresAt)).toISOString() };
  });
}
