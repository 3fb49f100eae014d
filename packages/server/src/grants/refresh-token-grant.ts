import { z } from 'zod';
import { parseBody } from '../http/parse-body.js';
import type { GrantHandler } from './grant-handler.js';
import { scopeParam } from './grant-params.js';

const refreshParams = z.object({ refresh_token: z.string().min(1).max(512), scope: scopeParam });

/**
 * RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2), all in the core: a repeat
 * inside the grace window gets the same successor; a later repeat revokes the family and its
 * access tokens. Here: the metrics for both.
 */
export const refreshTokenGrant: GrantHandler = async ({ tessera, metrics }, client, params) => {
  const input = parseBody(refreshParams, params);
  try {
    const response = await tessera.tokens.refreshTokenGrant(client, { refreshToken: input.refresh_token, scope: input.scope });
    metrics.refreshRotated();
    return response;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'invalid_grant') {
      // A spent token that failed is a reuse outside the grace window (the core revoked its family).
      const found = await tessera.refreshTokens.find(input.refresh_token).catch(() => null);
      if (found && found.token.usedAt !== null) metrics.refreshReuseDetected();
    }
    throw error;
  }
};
