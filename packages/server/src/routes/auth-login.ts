import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { isCredentialFailure, loginFailureOutcome } from '../auth/credential-failure.js';
import { startSession } from '../auth/start-session.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { loginRouteSchema } from './auth-schemas.js';

/**
 * `POST /auth/login {email, password}` → `200 {user, csrf_token, expires_at}` plus the session
 * cookie. Steps: body shape → throttle (429) → credentials (one 401 for unknown email and wrong
 * password, same timing: core) → for an account with a second factor, `200 {mfa_required:true,
 * mfa_token, methods}` and no cookie (the second step is `POST /auth/login/mfa`) → otherwise a
 * fresh session that ends whatever session the presented cookie named (fixation, ASVS 5.0 V7.2.4).
 */
export function registerLoginRoute(app: FastifyInstance, context: AppContext): void {
  const { tessera, throttle, metrics } = context;
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
    const step = await tessera.twoStepLogin.afterPassword(user);
    if (step.mfaRequired) return { mfa_required: true, mfa_token: step.mfaToken, methods: step.methods };
    metrics.login('auth_login', 'success');
    return startSession(context, request, reply, user, ['pwd']);
  });
}
