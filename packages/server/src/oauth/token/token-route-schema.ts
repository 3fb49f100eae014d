import { z } from 'zod';
import { clientCredentialFields, formConsumes, oauthErrorResponses } from '../oauth-schemas.js';

/** `POST /oauth/token`: the union of the grants' parameters (RFC 6749 §4.1.3, §4.3.2, §4.4.2, §6; RFC 8707 §2). */
const tokenRequest = z.object({
  grant_type: z.enum(['authorization_code', 'refresh_token', 'client_credentials', 'password']),
  code: z.string().optional().describe('authorization_code'),
  redirect_uri: z.string().optional().describe('authorization_code'),
  code_verifier: z.string().optional().describe('authorization_code: the PKCE verifier (RFC 7636)'),
  refresh_token: z.string().optional().describe('refresh_token'),
  username: z.string().optional().describe('password'),
  password: z.string().optional().describe('password'),
  scope: z.string().optional(),
  resource: z.union([z.string(), z.array(z.string())]).optional().describe('RFC 8707; may repeat'),
  audience: z.string().optional(),
  ...clientCredentialFields,
});

/** RFC 6749 §5.1; loose, so a grant's extra member (`id_token`) is never cut. */
const tokenResponse = z
  .looseObject({
    access_token: z.string().describe('An RFC 9068 JWT (`typ: at+jwt`)'),
    token_type: z.literal('Bearer'),
    expires_in: z.int(),
    refresh_token: z.string().optional(),
    scope: z.string().optional(),
    id_token: z.string().optional().describe('OIDC Core §3.1.3.3, when the scope has openid'),
  })
  .describe('RFC 6749 §5.1 access token response');

export const tokenRouteSchema = {
  summary: 'Token endpoint: the authorization_code, refresh_token, client_credentials and password grants',
  tags: ['tokens'],
  consumes: formConsumes,
  body: tokenRequest,
  response: { 200: tokenResponse, ...oauthErrorResponses },
};
