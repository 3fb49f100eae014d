import { z } from 'zod';
import { parseBody } from '../http/parse-body.js';
import { isCredentialFailure, loginOutcome } from '../routes/auth-login.js';
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
  // The core reports wrong credentials of this grant as invalid_grant (RFC 6749 §5.2); count those.
  const isFailure = (error: unknown) => isCredentialFailure(error) || (error as { code?: unknown } | null)?.code === 'invalid_grant';
  try {
    const response = await throttle.guard(input.username, ip, attempt, isFailure);
    metrics.login('password_grant', 'success');
    return response;
  } catch (error) {
    metrics.login('password_grant', loginOutcome(error));
    throw error;
  }
};
