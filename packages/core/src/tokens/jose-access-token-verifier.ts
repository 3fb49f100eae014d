import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
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
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, createLocalJWKSet(this.keys.jwks()), {
        issuer: this.settings.issuer,
        currentDate: new Date(this.clock.now()),
        clockTolerance: 5,
        // Pinned to the algorithms of our own published keys; jose also matches each JWK's `alg`.
        algorithms: this.keys.algorithms(),
        typ: 'at+jwt',
        requiredClaims: ['sub', 'exp', 'iat', 'jti', 'client_id'],
      }));
    } catch (error) {
      throw new TokenInvalidError('access token is not valid', { cause: error });
    }
    return accessTokenClaims(payload);
  }
}

/**
 * RFC 9068 §2.2's required claims with their JSON types. jose checks that they are present and
 * that `exp`/`iat` are numbers, not that `sub`, `jti`, `client_id` or `aud` are strings.
 */
function accessTokenClaims(payload: JWTPayload): AccessTokenClaims {
  const { iss, sub, aud, exp, iat, jti, client_id: clientId, scope, sid } = payload;
  const malformed = (claim: string) => new TokenInvalidError(`access token "${claim}" claim is missing or malformed`);
  if (typeof iss !== 'string') throw malformed('iss');
  if (typeof sub !== 'string') throw malformed('sub');
  if (typeof aud !== 'string' && !(Array.isArray(aud) && aud.length > 0)) throw malformed('aud');
  if (typeof exp !== 'number' || typeof iat !== 'number') throw malformed('exp');
  if (typeof jti !== 'string') throw malformed('jti');
  if (typeof clientId !== 'string') throw malformed('client_id');
  if (scope !== undefined && typeof scope !== 'string') throw malformed('scope');
  if (sid !== undefined && typeof sid !== 'string') throw malformed('sid');
  return { ...payload, iss, sub, aud, exp, iat, jti, client_id: clientId };
}
