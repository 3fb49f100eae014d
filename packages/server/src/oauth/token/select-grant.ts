import { HttpProblem } from '../../http/http-problem.js';
import type { GrantHandler } from '../grants/grant-handler.js';
import { findGrant } from '../grants/grant-registry.js';

/** RFC 6749 §5.2: no `grant_type` is `invalid_request`, an unknown one `unsupported_grant_type`. */
export function selectGrant(params: Record<string, unknown>): GrantHandler {
  const grantType = params.grant_type;
  if (typeof grantType !== 'string' || grantType === '') throw new HttpProblem('invalid_request', 'grant_type is required');
  const grant = findGrant(grantType);
  if (!grant) throw new HttpProblem('unsupported_grant_type', 'This grant type is not supported');
  return grant;
}
