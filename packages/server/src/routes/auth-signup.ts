import { toPublicUser } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { signupRouteSchema } from './auth-schemas.js';

/**
 * `POST /auth/signup {email, password}` → `201 {user}`. Does not sign the user in (the client
 * logs in next, which also rotates any planted cookie). A taken email is a 409 and changes nothing.
 * Password rules live in the core (ASVS 5.0 V6.2); their reason is in the 422's `reason`.
 * Throttled per IP and globally before any hashing (429 with `Retry-After`), shared with `/signup`.
 */
export function registerSignupRoute(app: FastifyInstance, { tessera, signupThrottle }: AppContext): void {
  app.post('/auth/signup', { schema: signupRouteSchema, preValidation: expectContentType('json') }, async (request, reply) => {
    const input = parseBody(signupRouteSchema.body, request.body);
    const ip = request.ip;
    const user = await signupThrottle.guard(ip, () => tessera.accounts.signUp(input.email, input.password, { ip }));
    request.log.info({ userId: user.id }, 'user signed up');
    return reply.code(201).send({ user: toPublicUser(user) });
  });
}
