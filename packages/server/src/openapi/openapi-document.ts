import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** The tags of the document; every operation has one (docs/http-api.md names the same groups). */
export const openApiTags = [
  { name: 'sessions', description: 'Browser sessions: sign-up, login, the session, the device list (JSON)' },
  { name: 'tokens', description: 'The token, revocation and introspection endpoints, keys, the revocation stream, the demo resource' },
  { name: 'oauth', description: 'The authorization endpoint and authorization-server metadata' },
  { name: 'oidc', description: 'OpenID Connect: UserInfo and discovery' },
  { name: 'operations', description: 'Health, readiness, metrics and this document' },
  { name: 'pages', description: 'The hosted HTML pages and their form posts' },
] as const;

/**
 * The static part of the OpenAPI 3.1 document; @fastify/swagger adds the paths from the route
 * schemas. The security schemes are the three ways a caller authenticates here.
 */
export function openApiDefinition(issuer: string, version: string): NonNullable<FastifyDynamicSwaggerOptions['openapi']> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tessera',
      version,
      description: 'Sessions, JWT access tokens and OAuth 2.1 / OpenID Connect. The prose reference is docs/http-api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: issuer }],
    tags: [...openApiTags],
    components: {
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-tessera_session',
          description: 'The login’s session cookie; unsafe methods also need X-CSRF-Token',
        },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An RFC 9068 access token' },
        clientBasic: { type: 'http', scheme: 'basic', description: 'client_secret_basic (RFC 6749 §2.3.1)' },
      },
    },
  };
}
