import { z } from 'zod';
import { isCredentialFailure, loginFailureOutcome } from '../../auth/credential-failure.js';
import { parseBody } from '../../http/parse-body.js';
import type { GrantHandler } from './grant-handler.js';
import { audienceParams, requestedAudience, scopeParam } from './grant-params.js';

const passwordParams = z.object({ username: z.string().min(1).max(1024), password: z.string().min(1), scope: scopeParam, ...audienceParams });

/**
 * RFC 6749 §4.3, for the first-party client (RFC 9700 §2.4 rules it out for third parties). Throttled
 * by the same counters as `/auth/login`, so the two doors share one guessing budget.
 */
export const passwordGrant: GrantHandler = async ({ tessera, throttle, metrics }, client, params, request) => {
  const input = parseBody(passwordParams, params);
  const ip = request.ip;
  const attempt = () =>
    tessera.tokens.passwordGrant(client, { username: input.username, password: input.password, scope: input.scope, audience: requestedAudience(input) }, { ip });
  try {
    const response = await throttle.guard(input.username, ip, attempt, isCredentialFailure);
    metrics.login('password_grant', 'success');
    return response;
  } catch (error) {
    metrics.login('password_grant', loginFailureOutcome(error));
    throw error;
  }
};
