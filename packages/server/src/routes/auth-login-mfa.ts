import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { completeWithCode } from '../auth/second-factor-step.js';
import { startSession } from '../auth/start-session.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { loginMfaRouteSchema } from './second-factor-schemas.js';

const mfaBody = z.object({ mfa_token: z.string().min(1).max(512), code: z.string().min(1).max(64) });

/**
 * `POST /auth/login/mfa {mfa_token, code}` (a TOTP code or a recovery code) → the normal login
 * answer and cookie. Wrong, malformed and spent codes are one `401 invalid_second_factor`; an
 * expired or forged token is `401 mfa_token_invalid`; too many wrong codes, `429` with Retry-After.
 * The token stays usable for another code until it expires (five minutes).
 */
export function registerLoginMfaRoute(app: FastifyInstance, context: AppContext): void {
  app.post('/auth/login/mfa', { schema: loginMfaRouteSchema, preValidation: expectContentType('json') }, async (request, reply) => {
    const input = parseBody(mfaBody, request.body);
    const { user, amr } = await completeWithCode(context, input.mfa_token, input.code, request.ip);
    return startSession(context, request, reply, user, amr);
  });
}
