import { InsufficientScopeError, TokenInvalidError } from '../errors/tessera-error.js';
import type { AccessTokenVerifier } from '../ports/access-token-verifier.js';
import type { UserStore } from '../ports/user-store.js';
import type { RevocationService } from '../revocation/revocation-service.js';
import { userClaims, type UserClaims } from './user-claims.js';

/**
 * OIDC Core §5.3 UserInfo. Any live access token of ours with scope `openid` may ask, whatever its
 * audience: the endpoint releases only what the token's scopes already grant its holder.
 */
export class UserInfoService {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly revocation: RevocationService,
    private readonly users: UserStore,
  ) {}

  /** Throws `TokenInvalidError` (RFC 6750 `invalid_token`) or `InsufficientScopeError`. */
  async claims(accessToken: string): Promise<UserClaims> {
    const token = await this.verifier.verify(accessToken);
    if (await this.revocation.isAccessTokenDenied(token.jti, token.sid)) throw new TokenInvalidError('access token is revoked');
    const scopes = (token.scope ?? '').split(' ');
    if (!scopes.includes('openid')) throw new InsufficientScopeError('the token lacks the openid scope');
    const user = await this.users.findById(token.sub);
    if (!user || user.disabledAt !== null) throw new TokenInvalidError('access token is not valid');
    return userClaims(user, scopes);
  }
}
