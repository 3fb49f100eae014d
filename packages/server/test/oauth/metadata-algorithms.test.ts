import { createMemoryStores, MemoryClientStore } from '@tessera/core';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer } from '../support/start-server.js';

/**
 * Issue 11, discovery: the signing-algorithm lists come from the key set actually published. After
 * a TESSERA_JWT_ALG change the old algorithm stays listed while its tokens live, so a verifier that
 * pins the metadata's list (oauth4webapi, jose) still accepts them. Two servers, one after the
 * other, on the same stores: the restart an operator does to change the algorithm.
 */
describe('metadata algorithm lists across a TESSERA_JWT_ALG change (real HTTP)', () => {
  it('list the retiring algorithm next to the new one; a token of the old one still verifies against them', async () => {
    const stores = createMemoryStores();
    const before = await startTestServer({ env: { TESSERA_JWT_ALG: 'EdDSA' }, wrapStores: () => stores });
    let oldToken: string;
    const oldIssuer = before.config.issuer;
    try {
      const { id, secret, audience } = before.confidentialClient;
      const issued = await new HttpClient(before.baseUrl).form('/oauth/token', { grant_type: 'client_credentials', resource: audience }, { basic: { id, secret } });
      expect(issued.status, issued.text).toBe(200);
      oldToken = issued.body.access_token as string;
    } finally {
      await before.close();
    }

    // The same keys (and everything else); a client store of its own, as the harness registers its client again.
    const after = await startTestServer({ env: { TESSERA_JWT_ALG: 'ES256' }, wrapStores: () => ({ ...stores, clients: new MemoryClientStore() }) });
    try {
      const http = new HttpClient(after.baseUrl);
      const jwks = (await http.get('/.well-known/jwks.json')).body as { keys: { alg: string }[] };
      const published = [...new Set(jwks.keys.map((key) => key.alg))].sort();
      expect(published).toEqual(expect.arrayContaining(['EdDSA', 'ES256']));
      for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
        const metadata = (await http.get(path)).body as Record<string, unknown>;
        // ID tokens: every published key's algorithm, plus RS256, whose key is made on first use.
        expect([...(metadata.id_token_signing_alg_values_supported as string[])].sort(), path).toEqual([...new Set([...published, 'RS256'])].sort());
        expect([...(metadata.tessera_access_token_signing_alg_values_supported as string[])].sort(), path).toEqual(published);
        // No JWT client authentication (private_key_jwt, client_secret_jwt) is offered, so the
        // list RFC 8414 §2 ties to those methods is rightly absent.
        expect(metadata.token_endpoint_auth_methods_supported).not.toEqual(expect.arrayContaining(['private_key_jwt']));
        expect(metadata).not.toHaveProperty('token_endpoint_auth_signing_alg_values_supported');
      }
      const metadata = (await http.get('/.well-known/openid-configuration')).body as { tessera_access_token_signing_alg_values_supported: string[] };
      const { payload, protectedHeader } = await jwtVerify(oldToken, createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]), {
        // The test servers' issuer names their port; a real restart keeps it.
        issuer: oldIssuer,
        algorithms: metadata.tessera_access_token_signing_alg_values_supported,
      });
      expect(protectedHeader.alg).toBe('EdDSA');
      expect(payload.client_id).toBe(after.confidentialClient.id);
    } finally {
      await after.close();
    }
  });
});
