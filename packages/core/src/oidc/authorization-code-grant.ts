import { generateOpaqueToken } from '../crypto/opaque-token.js';
import { InvalidGrantError, UnauthorizedClientError } from '../errors/tessera-error.js';
import type { TokenResponse } from '../grants/token-response.js';
import type { ClientRecord } from '../model/records.js';
import type { Random } from '../ports/random.js';
import type { UserStore } from '../ports/user-store.js';
import type { CoreSettings } from '../settings/core-settings.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import type { RefreshTokenService } from '../tokens/refresh-token-service.js';
import type { RevocationService } from '../revocation/revocation-service.js';
import type { AuthorizationCodeService, RedeemCodeInput } from './authorization-code-service.js';
import type { IdTokenIssuer } from './id-token-issuer.js';
import { userClaims } from './user-claims.js';

/** RFC 6749 §5.1 plus OIDC Core §3.1.3.3's `id_token`. */
export interface AuthorizationCodeTokenResponse extends TokenResponse {
  id_token?: string;
}

/**
 * The token endpoint's `authorization_code` grant (RFC 6749 §4.1.3, OIDC Core §3.1.3). A client
 * registered for `refresh_token` also gets a rotating refresh token; the access tokens' `sid` is
 * its family, or a fresh id without one, which `AuthorizationCodeService`'s reuse check revokes.
 */
export class AuthorizationCodeGrant {
  constructor(
    private readonly codes: AuthorizationCodeService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly users: UserStore,
    private readonly revocation: RevocationService,
    private readonly settings: Pick<CoreSettings, 'idTokenSigningAlgorithm'>,
    private readonly random: Random,
  ) {}

  async exchange(client: ClientRecord, input: RedeemCodeInput): Promise<AuthorizationCodeTokenResponse> {
    if (!client.grantTypes.includes('authorization_code')) throw new UnauthorizedClientError('client may not use the authorization_code grant');
    const code = await this.codes.redeem(client, input);
    const user = await this.users.findById(code.userId);
    if (!user || user.disabledAt !== null) throw new InvalidGrantError('authorization code is not valid');
    const { scope, audience } = code;
    // The family id (every access token's `sid`) is recorded on the code right after the consume,
    // before anything is issued: a replay from then on revokes all of it (RFC 6749 §4.1.2).
    const sid = generateOpaqueToken(this.random, 16);
    await this.codes.attachFamily(code, sid);
    let refreshToken: string | undefined;
    if (client.grantTypes.includes('refresh_token')) {
      refreshToken = (await this.refreshTokens.startFamily({ userId: user.id, clientId: client.id, scope, audience, familyId: sid, sessionId: code.sessionId })).token;
    }
    // A replay that landed between the consume and the family's creation denied the `sid` but
    // found no family to revoke: then this redemption is refused too, and its family dies.
    if (await this.revocation.isAccessTokenDenied('', sid)) {
      await this.refreshTokens.revokeFamily({ id: sid, userId: user.id });
      throw new InvalidGrantError('authorization code was already used; the tokens it issued are revoked');
    }
    const access = await this.accessTokens.issue({ subject: user.id, clientId: client.id, scope, audience, sid, amr: code.amr, authTime: code.authTime });
    const response: AuthorizationCodeTokenResponse = { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresInSeconds, scope };
    if (refreshToken !== undefined) response.refresh_token = refreshToken;
    const scopes = scope.split(' ');
    if (scopes.includes('openid')) {
      response.id_token = await this.idTokens.issue({
        claims: userClaims(user, scopes),
        clientId: client.id,
        alg: client.idTokenSignedResponseAlg ?? this.settings.idTokenSigningAlgorithm,
        nonce: code.nonce,
        authTime: code.authTime,
        sessionId: code.sessionId,
        amr: code.amr,
        accessToken: access.token,
      });
    }
    return response;
  }
}
