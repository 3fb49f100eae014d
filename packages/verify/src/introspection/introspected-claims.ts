import { audienceMatches, type ClaimRules } from '../access-token-claims.js';
import type { Claims } from '../claims.js';
import { VerifyError } from '../verify-error.js';
import type { IntrospectionResponse } from './introspection-client.js';

/**
 * Turns an RFC 7662 answer about an opaque token or session id into {@link Claims}, applying what
 * can be checked: it must be active, must not be a refresh token, and where the server states
 * `iss`, `exp`, `nbf` they must fit as for a JWT. With an audience configured, `aud` must be
 * stated and name it (RFC 7662 §4: an answer without `aud`, e.g. about a session, could be meant
 * for anyone). `active: false` (revoked, expired or unknown: RFC 7662 §2.2 does not say which)
 * is refused as `revoked`.
 */
export function introspectedClaims(response: IntrospectionResponse, rules: ClaimRules, nowSeconds: number): Claims {
  if (!response.active) throw new VerifyError('revoked', 'token is not active');
  const { iss, aud, exp, nbf, sub, token_type: tokenType } = response;
  if (typeof tokenType === 'string' && tokenType.toLowerCase().includes('refresh')) {
    throw new VerifyError('invalid_type', 'a refresh token is not an access credential');
  }
  if (iss !== undefined && iss !== rules.issuer) throw new VerifyError('issuer_mismatch', 'token issuer is not the expected issuer');
  if (rules.audiences !== undefined && !audienceMatches(aud, rules.audiences)) throw new VerifyError('audience_mismatch', 'token is not meant for this audience');
  const tolerance = rules.clockToleranceSeconds;
  if (typeof exp === 'number' && exp <= nowSeconds - tolerance) throw new VerifyError('token_expired', 'token has expired');
  if (typeof nbf === 'number' && nbf > nowSeconds + tolerance) throw new VerifyError('token_not_yet_valid', 'token is not valid yet');
  if (typeof sub !== 'string') throw new VerifyError('introspection_failed', 'introspection answer has no "sub"');
  if (response.scope !== undefined && typeof response.scope !== 'string') throw new VerifyError('introspection_failed', 'introspection "scope" is not a string');
  return { ...response, iss: typeof iss === 'string' ? iss : rules.issuer, sub, exp: typeof exp === 'number' ? exp : Number.POSITIVE_INFINITY };
}
