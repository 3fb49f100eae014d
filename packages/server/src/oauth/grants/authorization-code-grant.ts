import { z } from 'zod';
import { parseBody } from '../../http/parse-body.js';
import type { GrantHandler } from './grant-handler.js';
import { readGrantToken } from './grant-token-param.js';

/** Lengths only: the core decides whether they match the code (any mismatch is `invalid_grant`). */
const codeParams = z.object({ redirect_uri: z.string().max(2048).optional(), code_verifier: z.string().max(256).optional() });

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5) and OIDC Core §3.1.3: the code (missing:
 * `invalid_request`; malformed: `invalid_grant`) → the core's redemption, which checks client,
 * redirect URI and verifier and answers a replay by revoking the first redemption's tokens. The
 * response has an `id_token` when the scope has `openid`.
 */
export const authorizationCodeGrant: GrantHandler = async ({ tessera }, client, params) => {
  const code = readGrantToken(params, 'code');
  const input = parseBody(codeParams, params);
  return tessera.oidc.codeGrant.exchange(client, { code, redirectUri: input.redirect_uri, codeVerifier: input.code_verifier });
};
