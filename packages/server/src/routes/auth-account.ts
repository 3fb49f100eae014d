import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { deleteOwnAccount } from '../auth/delete-account.js';
import { requireSession, sessionOf } from '../auth/session-authentication.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { clearSessionCookie } from '../security/session-cookie.js';
import { accountDeleteRouteSchema, passkeyReauthenticationOptionsRouteSchema } from './second-factor-schemas.js';

const deleteBody = z.union([
  z.object({ password: z.string().min(1) }),
  z.object({ challenge_id: z.string().regex(/^[A-Za-z0-9_-]{43}$/), credential: z.looseObject({ id: z.string().min(1).max(1024) }) }),
]);

/**
 * - `POST /auth/passkeys/reauthentication/options` (signed in) → `{challenge_id, options}` for
 *   one of the user's own passkeys, to confirm a sensitive change;
 * - `POST /auth/account/delete {password} | {challenge_id, credential}` → 204; the account and
 *   everything it could sign in with is gone, the cookie cleared.
 */
export function registerAccountRoutes(app: FastifyInstance, context: AppContext): void {
  const signedIn = { preHandler: requireSession(context.tessera) };

  app.post('/auth/passkeys/reauthentication/options', { schema: passkeyReauthenticationOptionsRouteSchema, ...signedIn }, async (request) => {
    const ceremony = await context.passkeys.authenticationOptions(sessionOf(request).user);
    return { challenge_id: ceremony.challengeId, options: ceremony.options };
  });

  app.post('/auth/account/delete', { schema: accountDeleteRouteSchema, preValidation: expectContentType('json'), ...signedIn }, async (request, reply) => {
    const { user } = sessionOf(request);
    const input = parseBody(deleteBody, request.body);
    const proof = 'password' in input ? { password: input.password } : { challengeId: input.challenge_id, credential: input.credential as unknown as AuthenticationResponseJSON };
    await deleteOwnAccount(context, user, proof, request.ip);
    clearSessionCookie(reply);
    request.log.info({ userId: user.id }, 'account deleted by its owner');
    return reply.code(204).send();
  });
}
