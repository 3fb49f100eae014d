import { clientCredentialProperties, oauthErrorResponse } from '../oauth-schemas.js';

/** `POST /oauth/token`: the union of the grants' parameters (RFC 6749 §4.3.2, §4.4.2, §6; RFC 8707 §2). */
export const tokenRouteSchema = {
  body: {
    type: 'object',
    properties: {
      grant_type: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      refresh_token: { type: 'string' },
      code: { type: 'string' },
      redirect_uri: { type: 'string' },
      code_verifier: { type: 'string' },
      scope: { type: 'string' },
      resource: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'RFC 8707; may repeat' },
      audience: { type: 'string' },
      ...clientCredentialProperties,
    },
  },
  response: {
    200: {
      description: 'RFC 6749 §5.1 access token response',
      type: 'object',
      properties: {
        access_token: { type: 'string' },
        token_type: { type: 'string' },
        expires_in: { type: 'integer' },
        refresh_token: { type: 'string' },
        scope: { type: 'string' },
        id_token: { type: 'string', description: 'OIDC Core §3.1.3.3, when the scope has openid' },
      },
      required: ['access_token', 'token_type', 'expires_in'],
      // Grants added later (an ID token of the code flow) must not be cut by the serializer.
      additionalProperties: true,
    },
    '4xx': oauthErrorResponse,
    '5xx': oauthErrorResponse,
  },
} as const;
