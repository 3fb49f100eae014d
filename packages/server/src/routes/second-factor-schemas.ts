import { z } from 'zod';
import { problemResponses } from '../http/problem-schema.js';
import { sessionCookieAuth } from '../openapi/security-requirements.js';

/**
 * OpenAPI descriptions of the two-step login, two-factor and passkey routes (docs/accounts.md).
 * The routes validate their bodies themselves at their pipeline step (see
 * ../openapi/described-schema-compilers.ts), so these only describe: a success answer and the
 * problem-details errors. The WebAuthn option and response objects are @simplewebauthn's JSON shapes.
 */
function secondFactorRoute(summary: string, success: { status: 200 | 201 | 202 | 204; description: string }, signedIn = true) {
  return {
    summary,
    tags: ['sessions'],
    ...(signedIn ? { security: sessionCookieAuth } : {}),
    response: { [success.status]: (success.status === 204 ? z.null() : z.looseObject({})).describe(success.description), ...problemResponses },
  };
}

const ok = (description: string) => ({ status: 200 as const, description });
const done = { status: 204 as const, description: 'Done' };

export const loginMfaRouteSchema = secondFactorRoute('Second login step: a TOTP or recovery code for the mfa_token', ok('Signed in; Set-Cookie: __Host-tessera_session'), false);
export const twoFactorStatusRouteSchema = secondFactorRoute('Which second factors the user has', ok('TOTP and recovery-code status'));
export const totpSetupRouteSchema = secondFactorRoute('Start TOTP set-up: the secret and its otpauth URI (shown once)', ok('Pending TOTP factor'));
export const totpConfirmRouteSchema = secondFactorRoute('Confirm TOTP set-up with a code: ten recovery codes, shown once', ok('Recovery codes'));
export const totpDisableRouteSchema = secondFactorRoute('Turn two-factor off (needs the password or a current code)', done);
export const recoveryCodesRouteSchema = secondFactorRoute('New recovery codes (needs the password or a current code); the old ones stop working', ok('Recovery codes'));
export const passkeyListRouteSchema = secondFactorRoute('The user’s passkeys', ok('Passkeys'));
export const passkeyRegistrationOptionsRouteSchema = secondFactorRoute('WebAuthn registration options for a new passkey', ok('PublicKeyCredentialCreationOptionsJSON'));
export const passkeyRegistrationRouteSchema = secondFactorRoute('Register a passkey from the authenticator’s answer', { status: 201, description: 'The new passkey' });
export const passkeyRenameRouteSchema = secondFactorRoute('Rename a passkey', done);
export const passkeyRemoveRouteSchema = secondFactorRoute('Remove a passkey', done);
export const passkeyAuthenticationOptionsRouteSchema = secondFactorRoute('WebAuthn authentication options (sign-in with a passkey, or its second step)', ok('PublicKeyCredentialRequestOptionsJSON'), false);
export const passkeyAuthenticationRouteSchema = secondFactorRoute('Sign in with a passkey (alone, or as the second step)', ok('Signed in; Set-Cookie: __Host-tessera_session'), false);
export const passkeyReauthenticationOptionsRouteSchema = secondFactorRoute('WebAuthn options to prove a passkey before deleting the account', ok('PublicKeyCredentialRequestOptionsJSON'));
export const accountDeleteRouteSchema = secondFactorRoute('Delete the account (needs the password or a passkey); ends everything', done);
