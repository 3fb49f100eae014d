/**
 * JSON schemas shared by the `/oauth/*` routes, for the OpenAPI document generated from route
 * schemas. Bodies are described, not enforced beyond types: each endpoint's checks decide the
 * RFC 6749 error (a malformed refresh token is `invalid_grant`, which a schema could not say).
 */
export const oauthErrorResponse = {
  description: 'RFC 6749 §5.2 error',
  type: 'object',
  properties: {
    error: { type: 'string', description: 'A registered OAuth error code' },
    error_description: { type: 'string' },
  },
  required: ['error'],
} as const;

/** `client_id`/`client_secret` in the body (RFC 6749 §2.3.1); HTTP Basic is the alternative. */
export const clientCredentialProperties = {
  client_id: { type: 'string' },
  client_secret: { type: 'string' },
} as const;

/** RFC 7009 §2.1 and RFC 7662 §2.1 requests share this shape. */
export const tokenReferenceBody = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    token_type_hint: { type: 'string' },
    ...clientCredentialProperties,
  },
} as const;
