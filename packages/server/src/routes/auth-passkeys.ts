import { NotFoundError, type PasskeyRecord } from '@tessera/core';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { loginFailureOutcome } from '../auth/credential-failure.js';
import { requireSession, sessionOf } from '../auth/session-authentication.js';
import { startSession } from '../auth/start-session.js';
import { expectContentType } from '../http/expect-content-type.js';
import { parseBody } from '../http/parse-body.js';
import type { PasskeyCeremonies } from '../passkeys/passkey-ceremonies.js';
import { passkeyAuthenticationOptionsRouteSchema, passkeyAuthenticationRouteSchema, passkeyListRouteSchema, passkeyRegistrationOptionsRouteSchema, passkeyRegistrationRouteSchema, passkeyRemoveRouteSchema, passkeyRenameRouteSchema } from './second-factor-schemas.js';

const challengeId = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a challenge id');
/** The browser's `PublicKeyCredential.toJSON()`; its content is checked by the WebAuthn library. */
const credential = z.looseObject({ id: z.string().min(1).max(1024), rawId: z.string().max(1024), type: z.literal('public-key'), response: z.looseObject({}) });
export const passkeyName = z.string().trim().min(1, 'give the passkey a name').max(64);

const registrationBody = z.object({ challenge_id: challengeId, credential, name: passkeyName });
const optionsBody = z.object({ mfa_token: z.string().min(1).max(512).optional() });
const authenticationBody = z.object({ challenge_id: challengeId, credential, mfa_token: z.string().min(1).max(512).optional() });
const passkeyParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not a passkey id') });
const renameBody = z.object({ name: passkeyName });

export function toPasskeyView(passkey: PasskeyRecord) {
  return {
    id: passkey.id,
    name: passkey.name,
    backed_up: passkey.backedUp,
    device_type: passkey.deviceType,
    created_at: new Date(passkey.createdAt).toISOString(),
    last_used_at: passkey.lastUsedAt === null ? null : new Date(passkey.lastUsedAt).toISOString(),
  };
}

/**
 * Passkeys as JSON, for the hosted pages' script and for API clients:
 * - signed in (cookie + CSRF): `POST /auth/passkeys/registration/options` → `{challenge_id,
 *   options}`; `POST /auth/passkeys/registration {challenge_id, credential, name}` → `201
 *   {passkey}`; `GET /auth/passkeys`; `PATCH /auth/passkeys/:id {name}`; `DELETE /auth/passkeys/:id`;
 * - signing in: `POST /auth/passkeys/authentication/options [{mfa_token}]` → `{challenge_id,
 *   options}`; `POST /auth/passkeys/authentication {challenge_id, credential [, mfa_token]}` → the
 *   login answer. Without `mfa_token` the passkey alone signs in (discoverable credential, user
 *   verification); with it, the passkey is the second step after the password.
 */
export function registerPasskeyRoutes(app: FastifyInstance, context: AppContext, ceremonies: PasskeyCeremonies): void {
  const { tessera, metrics } = context;
  const signedIn = { preHandler: requireSession(tessera) };
  const json = { preValidation: expectContentType('json') };

  app.post('/auth/passkeys/registration/options', { schema: passkeyRegistrationOptionsRouteSchema, ...signedIn }, async (request) => {
    const ceremony = await ceremonies.registrationOptions(sessionOf(request).user);
    return { challenge_id: ceremony.challengeId, options: ceremony.options };
  });

  app.post('/auth/passkeys/registration', { schema: passkeyRegistrationRouteSchema, ...json, ...signedIn }, async (request, reply) => {
    const { user } = sessionOf(request);
    const input = parseBody(registrationBody, request.body);
    const passkey = await ceremonies.register(user, input.challenge_id, input.credential as unknown as RegistrationResponseJSON, input.name, request.ip);
    return reply.code(201).send({ passkey: toPasskeyView(passkey) });
  });

  app.get('/auth/passkeys', { schema: passkeyListRouteSchema, ...signedIn }, async (request) => ({
    passkeys: (await tessera.stores.passkeys.listByUser(sessionOf(request).user.id)).map(toPasskeyView),
  }));

  app.patch('/auth/passkeys/:id', { schema: passkeyRenameRouteSchema, ...json, ...signedIn }, async (request, reply) => {
    const { id } = parseBody(passkeyParams, request.params);
    const { name } = parseBody(renameBody, request.body);
    if (!(await tessera.stores.passkeys.rename(sessionOf(request).user.id, id, name))) throw new NotFoundError('no such passkey');
    return reply.code(204).send();
  });

  app.delete('/auth/passkeys/:id', { schema: passkeyRemoveRouteSchema, ...signedIn }, async (request, reply) => {
    const { user } = sessionOf(request);
    const { id } = parseBody(passkeyParams, request.params);
    await removePasskey(context, user.id, id, request.ip);
    return reply.code(204).send();
  });

  app.post('/auth/passkeys/authentication/options', { schema: passkeyAuthenticationOptionsRouteSchema, ...json }, async (request) => {
    const input = parseBody(optionsBody, request.body ?? {});
    const user = input.mfa_token === undefined ? null : await tessera.twoStepLogin.userFor(input.mfa_token);
    const ceremony = await ceremonies.authenticationOptions(user);
    return { challenge_id: ceremony.challengeId, options: ceremony.options };
  });

  app.post('/auth/passkeys/authentication', { schema: passkeyAuthenticationRouteSchema, ...json }, async (request, reply) => {
    const input = parseBody(authenticationBody, request.body);
    const afterPassword = input.mfa_token === undefined ? null : await tessera.twoStepLogin.userFor(input.mfa_token);
    let signIn;
    try {
      signIn = await ceremonies.authenticate(input.challenge_id, input.credential as unknown as AuthenticationResponseJSON, afterPassword);
    } catch (error) {
      metrics.login('passkey', loginFailureOutcome(error));
      throw error;
    }
    metrics.login('passkey', 'success');
    return startSession(context, request, reply, signIn.user, signIn.amr);
  });
}

/** Removes one of the user's passkeys, with its audit event; another user's id is "not found". */
export async function removePasskey({ tessera }: Pick<AppContext, 'tessera'>, userId: string, id: string, ip: string): Promise<void> {
  const audit = { at: tessera.clock.now(), type: 'passkey.removed', userId, ip, detail: { passkey_id: id } };
  if (!(await tessera.stores.passkeys.remove(userId, id, audit))) throw new NotFoundError('no such passkey');
}
