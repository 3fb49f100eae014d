import { createLocalJWKSet, jwtVerify } from 'jose';
import { TokenInvalidError } from '../errors/tessera-error.js';
import type { KeyManager } from '../keys/key-manager.js';
import type { Clock } from '../ports/clock.js';
import type { AccessTokenVerifier } from '../ports/access-token-verifier.js';
import type { CoreSettings } from '../settings/core-settings.js';
import type { AccessTokenClaims } from './access-token-claims.js';

/**
 * Reference verifier on plain `jose`: the key comes only from our own JWKS by `kid` (header
 * jku/jwk/x5u are never used, RFC 8725 §3.10), the algorithm list is pinned to those of our own keys
 * (§3.1), and `typ` must be `at+jwt` (RFC 9068 §4).
 */
export class JoseAccessTokenVerifier implements AccessTokenVerifier {
  constructor(
    private readonly keys: KeyManager,
    private readonly settings: Pick<CoreSettings, 'issuer'>,
    private readonly clock: Clock,
  ) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(this.keys.jwks()), {
        issuer: this.settings.issuer,
        currentDate: new Date(this.clock.now()),
        clockTolerance: 5,
        // Pinned to the algorithms of our own published keys; jose also matches each JWK's `alg`.
        algorithms: this.keys.algorithms(),
        typ: 'at+jwt',
        requiredClaims: ['sub', 'exp', 'iat', 'jti', 'client_id'],
      });
      return payload as unknown as AccessTokenClaims;
    } catch (error) {
      throw new TokenInvalidError('access token is not valid', { cause: error });
    }
  }
}
