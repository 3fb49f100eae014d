import {
  IntrospectionNotAllowedError,
  InvalidCredentialsError,
  InvalidGrantError,
  InvalidResourceOwnerCredentialsError,
  InvalidTargetError,
  TokenInvalidError,
  UnauthorizedClientError,
} from '../errors/tessera-error.js';
import type { ClientRecord } from '../model/records.js';
import type { AccessTokenVerifier } from '../ports/access-token-verifier.js';
import type { Clock } from '../ports/clock.js';
import type { AccessTokenClaims } from '../tokens/access-token-claims.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import type { RefreshTokenService } from '../tokens/refresh-token-service.js';
import type { RevocationService } from '../revocation/revocation-service.js';
import type { SessionService } from '../sessions/session-service.js';
import type { AccountService, RequestContext } from '../users/account-service.js';
import { resolveAudience, resolveScope } from './scope.js';
import type { TokenResponse } from './token-response.js';

/**
 * `token_type` of an introspected session cookie. RFC 7662 §2.2 takes the type names of RFC 6749
 * §7.1 (`Bearer`) and RFC 7009 hints (`refresh_token`); a browser session is neither, so it gets a
 * Tessera-specific name no OAuth client will mistake for an access token type.
 */
export const sessionTokenType = 'tessera_session';

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      token_type: 'Bearer' | 'refresh_token' | typeof sessionTokenType;
      sub: string;
      client_id?: string;
      scope?: string;
      aud?: string | readonly string[];
      iss?: string;
      exp: number;
      iat: number;
      jti?: string;
      sid?: string;
    };

/** The OAuth grants and the RFC 7009 / RFC 7662 endpoints, over the core services. One method per grant. */
export class TokenService {
  constructor(
    private readonly accounts: AccountService,
    private readonly sessions: SessionService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly issuer: AccessTokenIssuer,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocation: RevocationService,
    private readonly clock: Clock,
    /** The audience this server's own protected resources (e.g. `/api/me`) accept. */
    private readonly resourceAudience: string,
    /** Accounts with a second factor may not use the password grant. */
    private readonly secondFactors?: { hasSecondFactor(userId: string): Promise<boolean> },
  ) {}

  /** RFC 6749 §4.3, for first-party clients only (RFC 9700 §2.4 deprecates it for third parties). */
  async passwordGrant(
    client: ClientRecord,
    input: { username: unknown; password: unknown; scope?: string; audience?: string },
    context: RequestContext = {},
  ): Promise<TokenResponse> {
    this.#assertGrantAllowed(client, 'password');
    const scope = resolveScope(client, input.scope);
    const audience = resolveAudience(client, input.audience);
    let user;
    try {
      user = await this.accounts.authenticate(input.username, input.password, context);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw new InvalidResourceOwnerCredentialsError({ cause: error });
      throw error;
    }
    // The grant has no room for a second step (RFC 9700 §2.4): such accounts use the code flow.
    if (await this.secondFactors?.hasSecondFactor(user.id)) {
      throw new InvalidGrantError('this account uses two-factor authentication: sign in through the authorization code flow (/oauth/authorize)');
    }
    const refresh = await this.refreshTokens.startFamily({ userId: user.id, clientId: client.id, scope, audience });
    return this.#respond(user.id, client.id, scope, audience, refresh.family.id, refresh.token, { amr: ['pwd'], authTime: this.clock.now() });
  }

  /**
   * RFC 6749 §6, with rotation (RFC 9700 §4.14.2). The token must belong to the presenting client.
   * `resources` (RFC 8707 §2, repeatable) may only name the family's original audience: a refresh
   * can narrow what a token is for, never widen it. Checked before rotating, so a refused request
   * does not spend the token.
   */
  async refreshTokenGrant(client: ClientRecord, input: { refreshToken: string; scope?: string; resources?: readonly string[] }): Promise<TokenResponse> {
    this.#assertGrantAllowed(client, 'refresh_token');
    const existing = await this.refreshTokens.find(input.refreshToken);
    if (!existing || existing.family.clientId !== client.id) throw new InvalidGrantError('refresh token is not valid');
    const scope = resolveScope(client, input.scope, existing.family.scope.split(' ').filter(Boolean));
    if (input.resources?.some((resource) => resource !== existing.family.audience)) {
      throw new InvalidTargetError('resource is outside the audience this refresh token was issued for');
    }
    const rotated = await this.refreshTokens.rotate(input.refreshToken);
    const { family } = rotated;
    return this.#respond(family.userId, client.id, scope, family.audience, family.id, rotated.token);
  }

  /** RFC 6749 §4.4: a service's own token. No refresh token (§4.4.3), no `sid`. */
  async clientCredentialsGrant(client: ClientRecord, input: { scope?: string; audience?: string }): Promise<TokenResponse> {
    this.#assertGrantAllowed(client, 'client_credentials');
    const scope = resolveScope(client, input.scope);
    const audience = resolveAudience(client, input.audience);
    const access = await this.issuer.issue({ subject: client.id, clientId: client.id, scope, audience });
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresInSeconds, scope };
  }

  /**
   * RFC 7009 §2.1: revoking a refresh token revokes its family and the access tokens minted from
   * it; revoking an access token denylists its `jti` until `exp`. Unknown or foreign tokens are not
   * an error (§2.2), so this never throws for the token's content.
   */
  async revoke(client: ClientRecord, token: string, hint?: string): Promise<void> {
    const tryRefresh = async () => {
      const found = await this.refreshTokens.find(token);
      if (!found || found.family.clientId !== client.id) return false;
      await this.refreshTokens.revokeFamily(found.family);
      return true;
    };
    const tryAccess = async () => {
      const claims = await this.#verifyOrNull(token);
      // RFC 7009 §2.1: only the client the token was issued to may revoke it.
      if (!claims || claims.client_id !== client.id) return false;
      await this.revocation.revokeAccessTokenOnce(claims.jti, claims.sub, claims.exp * 1000);
      return true;
    };
    if (hint === 'access_token') {
      if (!(await tryAccess())) await tryRefresh();
    } else if (!(await tryRefresh())) {
      await tryAccess();
    }
  }

  /**
   * RFC 7662 §2.2. Only clients registered to introspect may ask (else `IntrospectionNotAllowedError`),
   * and each learns only what is meant for it (§4): access tokens whose `aud` names one of its
   * audiences, refresh tokens issued to itself, session cookies only with `introspectSessions`
   * (answered with `aud` = its default audience, which its verifier checks). Everything else, and
   * anything unknown, expired, revoked or malformed, is `{active: false}` with no detail why.
   */
  async introspect(client: ClientRecord, token: string, hint?: string): Promise<IntrospectionResponse> {
    if (!client.introspect) throw new IntrospectionNotAllowedError('client is not registered to introspect');
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    const asAccess = async (): Promise<IntrospectionResponse | null> => {
      const claims = await this.#verifyOrNull(token);
      if (!claims) return null;
      const audiences: readonly string[] = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
      if (!audiences.some((audience) => client.audiences.includes(audience))) return null;
      if (await this.revocation.isAccessTokenDenied(claims.jti, claims.sid)) return null;
      return { active: true, token_type: 'Bearer', ...claims };
    };
    const asRefresh = async (): Promise<IntrospectionResponse | null> => {
      const found = await this.refreshTokens.find(token);
      if (!found) return null;
      const { family, token: record } = found;
      if (family.clientId !== client.id) return null;
      if (family.revokedAt !== null || record.usedAt !== null || record.expiresAt <= this.clock.now()) return null;
      return {
        active: true,
        token_type: 'refresh_token',
        sub: family.userId,
        client_id: family.clientId,
        scope: family.scope,
        aud: family.audience,
        exp: Math.floor(record.expiresAt / 1000),
        iat: Math.floor(record.createdAt / 1000),
        sid: family.id,
      };
    };
    const asSession = async (): Promise<IntrospectionResponse | null> => {
      const audience = client.audiences[0];
      if (!client.introspectSessions || audience === undefined) return null;
      const session = await this.sessions.authenticate(token);
      if (!session) return null;
      return {
        active: true,
        token_type: sessionTokenType,
        sub: session.userId,
        aud: audience,
        sid: session.id,
        exp: Math.floor(Math.min(session.idleExpiresAt, session.absoluteExpiresAt) / 1000),
        iat: Math.floor(session.createdAt / 1000),
      };
    };
    const order = token.split('.').length === 3 || hint === 'access_token' ? [asAccess, asRefresh, asSession] : [asRefresh, asSession, asAccess];
    for (const attempt of order) {
      const result = await attempt();
      if (result && (result.active === false || result.exp > nowSeconds)) return result;
    }
    return { active: false };
  }

  /** Verification plus the denylist: what a protected resource of this server accepts. */
  async authenticateAccessToken(token: string): Promise<AccessTokenClaims> {
    const claims = await this.verifier.verify(token);
    const audiences: readonly string[] = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
    if (!audiences.includes(this.resourceAudience)) throw new TokenInvalidError('access token is for another audience');
    if (await this.revocation.isAccessTokenDenied(claims.jti, claims.sid)) throw new TokenInvalidError('access token is revoked');
    return claims;
  }

  async #respond(
    userId: string,
    clientId: string,
    scope: string,
    audience: string,
    sid: string,
    refreshToken: string,
    authentication: { amr: readonly string[]; authTime: number } | Record<string, never> = {},
  ): Promise<TokenResponse> {
    const access = await this.issuer.issue({ subject: userId, clientId, scope, audience, sid, ...authentication });
    return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresInSeconds, refresh_token: refreshToken, scope };
  }

  async #verifyOrNull(token: string): Promise<AccessTokenClaims | null> {
    if (token.split('.').length !== 3) return null;
    try {
      return await this.verifier.verify(token);
    } catch {
      return null;
    }
  }

  #assertGrantAllowed(client: ClientRecord, grant: string): void {
    if (!client.grantTypes.includes(grant)) throw new UnauthorizedClientError(`client may not use the ${grant} grant`);
  }
}
