import type { AccessTokenClaims } from './access-token-claims.js';

/**
 * Whether an access token is a client's own (client_credentials, RFC 6749 §4.4) rather than a
 * user's: RFC 9068 §2.2 makes its `sub` the client id, and it belongs to no session or refresh
 * family, so it has no `sid`. Every user token has a `sid`, and a user id can never equal a client
 * id (`hasUserIdShape`), so the two cannot be confused.
 */
export function isClientToken(claims: Pick<AccessTokenClaims, 'sub' | 'client_id' | 'sid'>): boolean {
  return claims.sid === undefined && claims.sub === claims.client_id;
}
