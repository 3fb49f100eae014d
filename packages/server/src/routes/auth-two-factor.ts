import { InvalidInputError } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { reauthenticate } from '../auth/reauthenticate.js';
import { requireSession, sessionOf } from '../auth/session-authentication.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import { recoveryCodesRouteSchema, totpConfirmRouteSchema, totpDisableRouteSchema, totpSetupRouteSchema, twoFactorStatusRouteSchema } from './second-factor-schemas.js';

const confirmBody = z.object({ code: z.string().min(1).max(16) });
/** Turning two-factor off or replacing the recovery codes needs the password or a current code. */
const proofBody = z.object({ password: z.string().min(1).optional(), code: z.string().min(1).max(16).optional() });

/**
 * TOTP for the signed-in user, as JSON (the account page does the same by form):
 * - `GET /auth/two-factor` → `{totp: "off"|"pending"|"on", recovery_codes_left, passkeys}`;
 * - `POST /auth/two-factor/totp` → `{secret, otpauth_uri}`: a new pending set-up (refused while on);
 * - `POST /auth/two-factor/totp/confirm {code}` → `{recovery_codes}`, shown this once;
 * - `POST /auth/two-factor/totp/disable {password | code}` → 204;
 * - `POST /auth/two-factor/recovery-codes {password | code}` → `{recovery_codes}` (the old ones die).
 * The secret is returned only by the set-up call; nothing returns it once confirmed.
 */
export function registerTwoFactorRoutes(app: FastifyInstance, context: AppContext): void {
  const { tessera } = context;
  const signedIn = { preHandler: requireSession(tessera) };
  const signedInJson = { preValidation: expectContentType('json'), preHandler: requireSession(tessera) };

  app.get('/auth/two-factor', { schema: twoFactorStatusRouteSchema, ...signedIn }, async (request) => {
    const status = await tessera.factors.status(sessionOf(request).user.id);
    return { totp: status.totp, recovery_codes_left: status.recoveryCodesLeft, passkeys: status.passkeys };
  });

  app.post('/auth/two-factor/totp', { schema: totpSetupRouteSchema, ...signedIn }, async (request, reply) => {
    const { user } = sessionOf(request);
    const pending = await tessera.factors.beginTotp(user.id, user.email);
    return reply.code(201).send({ secret: pending.secret, otpauth_uri: pending.uri });
  });

  app.post('/auth/two-factor/totp/confirm', { schema: totpConfirmRouteSchema, ...signedInJson }, async (request) => {
    const { user } = sessionOf(request);
    const { code } = parseBody(confirmBody, request.body);
    return { recovery_codes: await tessera.factors.confirmTotp(user.id, code, { ip: request.ip }) };
  });

  app.post('/auth/two-factor/totp/disable', { schema: totpDisableRouteSchema, ...signedInJson }, async (request, reply) => {
    const { user } = sessionOf(request);
    await reauthenticate(context, user, parseBody(proofBody, request.body), request.ip);
    if (!(await tessera.factors.disableTotp(user.id, { ip: request.ip }))) throw new InvalidInputError('two-factor authentication is off');
    return reply.code(204).send();
  });

  app.post('/auth/two-factor/recovery-codes', { schema: recoveryCodesRouteSchema, ...signedInJson }, async (request) => {
    const { user } = sessionOf(request);
    await reauthenticate(context, user, parseBody(proofBody, request.body), request.ip);
    return { recovery_codes: await tessera.factors.regenerateRecoveryCodes(user.id, { ip: request.ip }) };
  });
}

