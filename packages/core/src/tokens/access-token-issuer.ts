import { SignJWT } from 'jose';
import { generateOpaqueToken } from '../crypto/opaque-token.js';
import type { KeyManager } from '../keys/key-manager.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { CoreSettings } from '../settings/core-settings.js';

export interface IssueAccessTokenInput {
  subject: string;
  clientId: string;
  scope: string;
  audience: string | string[];
  sid?: string;
  /** RFC 8176 methods of the user's authentication (RFC 9068 §2.2.3.1); omitted when not known (refreshes). */
  amr?: readonly string[];
  /** Epoch ms of that authentication (`auth_time`, in seconds). */
  authTime?: number;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  /** Epoch ms. */
  expiresAt: number;
  expiresInSeconds: number;
}

/** Signs RFC 9068 access tokens (`typ: at+jwt`, `kid`) with the current signing key. */
export class AccessTokenIssuer {
  constructor(
    private readonly keys: KeyManager,
    private readonly settings: Pick<CoreSettings, 'issuer' | 'accessTokenTtlSeconds'>,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async issue(input: IssueAccessTokenInput): Promise<IssuedAccessToken> {
    const key = await this.keys.signingKey();
    const iat = Math.floor(this.clock.now() / 1000);
    const exp = iat + this.settings.accessTokenTtlSeconds;
    const jti = generateOpaqueToken(this.random, 16);
    const token = await new SignJWT({
      client_id: input.clientId,
      scope: input.scope,
      ...(input.sid === undefined ? {} : { sid: input.sid }),
      ...(input.amr === undefined ? {} : { amr: [...input.amr] }),
      ...(input.authTime === undefined ? {} : { auth_time: Math.floor(input.authTime / 1000) }),
    })
      .setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid })
      .setIssuer(this.settings.issuer)
      .setSubject(input.subject)
      .setAudience(input.audience)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(jti)
      .sign(key.privateKey);
    return { token, jti, expiresAt: exp * 1000, expiresInSeconds: this.settings.accessTokenTtlSeconds };
  }
}
