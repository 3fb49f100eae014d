import { firstPartyClientId } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { tokenEndpointAuthMethods } from '../auth/client-authentication.js';
import { problemResponses } from '../http/problem-schema.js';
import { grantHandlers } from '../oauth/grants/grant-registry.js';
import { endSessionPath } from '../oauth/logout/end-session-route.js';
import { oauthPrefix } from '../oauth/oauth-plugin.js';
import { jwkSetSchema } from './jwk-set-schema.js';
import { revocationEventsJwksPath, revocationStreamPath } from './revocation-stream.js';

/** The standard claims an ID token or UserInfo answer may carry (OIDC Core §2, §5.1). */
const claimsSupported = ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'sid', 'amr', 'at_hash', 'email', 'email_verified'];

/**
 * RFC 8414 authorization-server metadata, also served as OpenID Connect Discovery 1.0 §3 (one
 * document: every OIDC field is a registered RFC 8414 name, §7.1.2). Only registered names;
 * Tessera's own are `tessera_`-prefixed. The algorithm lists come from the published key set, so
 * after a `TESSERA_JWT_ALG` change the old algorithm stays listed while its tokens live.
 */
export async function authorizationServerMetadata({ tessera, config }: AppContext) {
  const issuer = config.issuer;
  const firstParty = await tessera.clients.find(firstPartyClientId);
  const clientAuth = tokenEndpointAuthMethods.filter((method) => method !== 'none');
  const published = tessera.keys.algorithms();
  return {
    issuer,
    authorization_endpoint: `${issuer}${oauthPrefix}/authorize`,
    token_endpoint: `${issuer}${oauthPrefix}/token`,
    userinfo_endpoint: `${issuer}${oauthPrefix}/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}${oauthPrefix}/revoke`,
    // OIDC RP-Initiated Logout 1.0 §2.1.
    end_session_endpoint: `${issuer}${endSessionPath}`,
    // OIDC Back-Channel Logout 1.0 §2.1: logout tokens carry `sid` (the ID tokens' `sid`).
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    introspection_endpoint: `${issuer}${oauthPrefix}/introspect`,
    // Tessera extensions (not registered with IANA, so `tessera_`-prefixed): the SSE stream of
    // revocation SETs and the JWKS of their own signing key, which is not in `jwks_uri` (docs/microservices.md).
    tessera_revocation_events_endpoint: `${issuer}${revocationStreamPath}`,
    tessera_revocation_events_jwks_uri: `${issuer}${revocationEventsJwksPath}`,
    grant_types_supported: Object.keys(grantHandlers),
    // OAuth 2.1: the code flow only, answered in the query, PKCE S256 only (RFC 9700 §2.1.1).
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
    subject_types_supported: ['public'],
    // Published keys sign ID tokens; the default's key is made on first use if none is published yet.
    id_token_signing_alg_values_supported: [...new Set([tessera.settings.idTokenSigningAlgorithm, ...published])],
    claims_supported: claimsSupported,
    // OIDC Discovery §3 defaults request_uri_parameter_supported to true: say false explicitly.
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    token_endpoint_auth_methods_supported: tokenEndpointAuthMethods,
    revocation_endpoint_auth_methods_supported: tokenEndpointAuthMethods,
    introspection_endpoint_auth_methods_supported: clientAuth,
    scopes_supported: firstParty?.scopes ?? [],
    // RFC 9068 access tokens: the algorithms a verifier may pin. Not an IANA-registered name.
    tessera_access_token_signing_alg_values_supported: published,
  };
}

const metadataAnswer = z
  .looseObject({ issuer: z.string(), authorization_endpoint: z.string(), token_endpoint: z.string(), jwks_uri: z.string() })
  .describe('RFC 8414 §2 metadata, also OpenID Connect Discovery 1.0 §3 (every member: docs/http-api.md#discovery)');

const metadataDocuments = {
  '/.well-known/oauth-authorization-server': { summary: 'Authorization-server metadata (RFC 8414)', tags: ['oauth'] },
  '/.well-known/openid-configuration': { summary: 'OpenID Connect Discovery 1.0 (the same document)', tags: ['oidc'] },
} as const;

const jwksRouteSchema = {
  summary: 'The public keys that sign access and ID tokens',
  tags: ['tokens'],
  response: { 200: { description: 'RFC 7517 §5 JWK Set', content: { 'application/jwk-set+json': { schema: jwkSetSchema } } }, ...problemResponses },
};

/** Public, cacheable documents: any origin may read them (verifiers in browsers included). */
export function registerWellKnownRoutes(app: FastifyInstance, context: AppContext): void {
  const publicHeaders = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };

  for (const [path, described] of Object.entries(metadataDocuments)) {
    const schema = { ...described, response: { 200: metadataAnswer, ...problemResponses } };
    app.get(path, { schema }, async (_request, reply) => {
      void reply.headers({ ...publicHeaders, 'cache-control': 'public, max-age=300' });
      return authorizationServerMetadata(context);
    });
  }

  // Only public keys; `Cache-Control` matches the rotation lead time (a new key is published this
  // long before it signs), so no verifier caches a JWKS that lacks a signing key.
  app.get('/.well-known/jwks.json', { schema: jwksRouteSchema }, async (_request, reply) => {
    void reply
      .headers({ ...publicHeaders, 'cache-control': `public, max-age=${context.tessera.settings.jwksMaxAgeSeconds}` })
      .type('application/jwk-set+json; charset=utf-8');
    return context.tessera.keys.jwks();
  });
}
