import type { AccessTokenClaims } from '../tokens/access-token-claims.js';

/**
 * Verifies this server's own access tokens (signature, `typ`, `iss`, `aud`, `exp`) but not
 * revocation, which the core checks against the denylist. The server plugs in `@tessera/verify`
 * with the local key set; `JoseAccessTokenVerifier` is the plain reference.
 * Rejects with `TokenInvalidError`.
 */
export interface AccessTokenVerifier {
  verify(token: string): Promise<AccessTokenClaims>;
}
