import { RefreshTokenReuseError } from '@tessera/core';
import { z } from 'zod';
import { parseBody } from '../../http/parse-body.js';
import type { GrantHandler } from './grant-handler.js';
import { audienceParams, requestedAudiences, scopeParam } from './grant-params.js';
import { readGrantToken } from './grant-token-param.js';

const refreshParams = z.object({ scope: scopeParam, ...audienceParams });

/**
 * RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2), all in the core: a repeat
 * inside the grace window gets the same successor; a later repeat revokes the family and its
 * access tokens. `resource` (RFC 8707 §2) may narrow, never widen, the family's audience.
 * Here: the parameters and the metrics.
 */
export const refreshTokenGrant: GrantHandler = async ({ tessera, metrics }, client, params) => {
  const refreshToken = readGrantToken(params, 'refresh_token');
  const input = parseBody(refreshParams, params);
  try {
    const response = await tessera.tokens.refreshTokenGrant(client, { refreshToken, scope: input.scope, resources: requestedAudiences(input) });
    metrics.refreshRotated();
    return response;
  } catch (error) {
    if (error instanceof RefreshTokenReuseError) metrics.refreshReuseDetected();
    throw error;
  }
};
