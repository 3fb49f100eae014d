import { z } from 'zod';
import { parseBody } from '../../http/parse-body.js';
import type { GrantHandler } from './grant-handler.js';
import { audienceParams, requestedAudience, scopeParam } from './grant-params.js';

const clientCredentialsParams = z.object({ scope: scopeParam, ...audienceParams });

/** RFC 6749 §4.4: a confidential client's own token (the core refuses public clients and issues no refresh token). */
export const clientCredentialsGrant: GrantHandler = async ({ tessera }, client, params) => {
  const input = parseBody(clientCredentialsParams, params);
  return tessera.tokens.clientCredentialsGrant(client, { scope: input.scope, audience: requestedAudience(input) });
};
