import { firstPartyClientId } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { tokenEndpointAuthMethods } from '../auth/client-authentication.js';
import { grantHandlers } from '../oauth/grants/grant-registry.js';
import { revocationEventsJwksPath, revocationStreamPath } from './revocation-stream.js';

/**
 * RFC 8414 authorization-server metadata, also served at the OpenID discovery path so generic
 * clients find it. `response_types_supported` is REQUIRED by RFC 8414 §2 but describes the
 * authorization endpoint, which Tessera does not have (no redirect flows: first-party password
 * grant, refresh and client credentials only). `["none"]` would still be a response type *of* an
 * authorization endpoint, so the honest value is the empty list.
 */
export async function authorizationServerMetadata({ tessera, config }: AppContext) {
  const issuer = config.issuer;
  const firstParty = await tessera.clients.find(firstPartyClientId);
  const clientAuth = tokenEndpointAuthMethods.filter((method) => method !== 'none');
  return {
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    // Tessera extensions (not registered with IANA, so `tessera_`-prefixed): the SSE stream of
    // revocation SETs and the JWKS of their own signing key, which is not in `jwks_uri` (docs/microservices.md).
    tessera_revocation_events_endpoint: `${issuer}${revocationStreamPath}`,
    tessera_revocation_events_jwks_uri: `${issuer}${revocationEventsJwksPath}`,
    grant_types_supported: Object.keys(grantHandlers),
    response_types_supported: [] as string[],
    token_endpoint_auth_methods_supported: tokenEndpointAuthMethods,
    revocation_endpoint_auth_methods_supported: tokenEndpointAuthMethods,
    introspection_endpoint_auth_methods_supported: clientAuth,
    scopes_supported: firstParty?.scopes ?? [],
    // RFC 9068 access tokens; the algorithm a verifier should pin.
    access_token_signing_alg_values_supported: [tessera.settings.signingAlgorithm],
  };
}

/** Public, cacheable documents: any origin may read them (verifiers in browsers included). */
export function registerWellKnownRoutes(app: FastifyInstance, context: AppContext): void {
  const publicHeaders = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };

  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    app.get(path, async (_request, reply) => {
      void reply.headers({ ...publicHeaders, 'cache-control': 'public, max-age=300' });
      return authorizationServerMetadata(context);
    });
  }

  // Only public keys; `Cache-Control` matches the rotation lead time (a new key is published this
  // long before it signs), so no verifier caches a JWKS that lacks a signing key.
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    void reply
      .headers({ ...publicHeaders, 'cache-control': `public, max-age=${context.tessera.settings.jwksMaxAgeSeconds}` })
      .type('application/jwk-set+json; charset=utf-8');
    return context.tessera.keys.jwks();
  });
}
