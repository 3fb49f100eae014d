import { SignJWT } from 'jose';
import type { KeyManager } from '../keys/key-manager.js';
import type { SigningAlgorithm } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { CoreSettings } from '../settings/core-settings.js';
import { accessTokenHash } from './at-hash.js';
import type { UserClaims } from './user-claims.js';

export interface IssueIdTokenInput {
  /** `sub` and the scope-dependent claims (user-claims.ts). */
  claims: UserClaims;
  clientId: string;
  alg: SigningAlgorithm;
  /** From the authorization request; omitted when it had none (OIDC Core §3.1.2.1). */
  nonce: string | null;
  /** Epoch ms of the user's authentication. */
  authTime: number;
  /** The browser session the user authenticated in (OIDC Back-Channel Logout §2.1 `sid`). */
  sessionId: string;
  amr: readonly string[];
  /** The access token issued alongside, for `at_hash`. */
  accessToken: string;
}

/**
 * Signs OpenID Connect ID tokens (OIDC Core §2, §3.1.3.6). They live as long as access tokens,
 * which is what key retirement waits for; RPs check them once, at login. `typ` is plain `JWT` (not
 * `at+jwt`), so no resource server takes an ID token for an access token (RFC 8725 §3.11).
 */
export class IdTokenIssuer {
  constructor(
    private readonly keys: KeyManager,
    private readonly settings: Pick<CoreSettings, 'issuer' | 'accessTokenTtlSeconds'>,
    private readonly clock: Clock,
  ) {}

  async issue(input: IssueIdTokenInput): Promise<string> {
    const key = await this.keys.signingKey(input.alg);
    const iat = Math.floor(this.clock.now() / 1000);
    const { sub, ...scoped } = input.claims;
    return new SignJWT({
      ...scoped,
      auth_time: Math.floor(input.authTime / 1000),
      ...(input.nonce === null ? {} : { nonce: input.nonce }),
      sid: input.sessionId,
      amr: [...input.amr],
      at_hash: accessTokenHash(input.accessToken, key.alg),
    })
      .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
      .setIssuer(this.settings.issuer)
      .setSubject(sub)
      .setAudience(input.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.settings.accessTokenTtlSeconds)
      .sign(key.privateKey);
  }
}
