import { authorizationCodeGrant } from './authorization-code-grant.js';
import { clientCredentialsGrant } from './client-credentials-grant.js';
import type { GrantHandler } from './grant-handler.js';
import { passwordGrant } from './password-grant.js';
import { refreshTokenGrant } from './refresh-token-grant.js';

/**
 * The grants this server speaks, by `grant_type` (advertised as `grant_types_supported`). A new
 * grant is one file in this folder and one line here.
 */
export const grantHandlers: Readonly<Record<string, GrantHandler>> = {
  authorization_code: authorizationCodeGrant,
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

/** The handler of a known `grant_type`; own properties only, so `constructor` or `__proto__` is no grant. */
export function findGrant(grantType: string): GrantHandler | undefined {
  return Object.hasOwn(grantHandlers, grantType) ? grantHandlers[grantType] : undefined;
}
