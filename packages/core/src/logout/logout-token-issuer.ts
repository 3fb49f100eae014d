import { SignJWT } from 'jose';
import { generateOpaqueToken } from '../crypto/opaque-token.js';
import type { KeyManager } from '../keys/key-manager.js';
import type { ClientRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { CoreSettings } from '../settings/core-settings.js';

export const backchannelLogoutEvent = 'http://schemas.openid.net/event/backchannel-logout';
export const logoutTokenType = 'logout+jwt';

/** A logout token is delivered within seconds; two minutes is what Back-Channel Logout §2.4 recommends at most. */
const logoutTokenTtlSeconds = 120;

/**
 * Signs logout tokens (OIDC Back-Channel Logout 1.0 §2.4): `typ: logout+jwt` (so no RP can take one
 * for an ID token, §2.6 and RFC 8725 §3.11), `iss aud iat exp jti sub sid events`, never `nonce`,
 * with the key of the client's ID-token algorithm (its RP already verifies that one).
 */
export class LogoutTokenIssuer {
  constructor(
    private readonly keys: KeyManager,
    private readonly settings: Pick<CoreSettings, 'issuer' | 'idTokenSigningAlgorithm'>,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  async issue(client: Pick<ClientRecord, 'id' | 'idTokenSignedResponseAlg'>, userId: string, sessionId: string): Promise<string> {
    const key = await this.keys.signingKey(client.idTokenSignedResponseAlg ?? this.settings.idTokenSigningAlgorithm);
    const iat = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ sid: sessionId, events: { [backchannelLogoutEvent]: {} } })
      .setProtectedHeader({ alg: key.alg, typ: logoutTokenType, kid: key.kid })
      .setIssuer(this.settings.issuer)
      .setSubject(userId)
      .setAudience(client.id)
      .setIssuedAt(iat)
      .setExpirationTime(iat + logoutTokenTtlSeconds)
      .setJti(generateOpaqueToken(this.random, 16))
      .sign(key.privateKey);
  }
}
