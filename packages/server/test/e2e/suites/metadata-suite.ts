import { describe, expect, it } from 'vitest';
import type { GetTarget } from '../support/e2e-target.js';
import { HttpClient } from '../support/http-client.js';

/** RFC 8414 metadata, the JWKS, health and metrics. */
export function describeMetadataE2E(getTarget: GetTarget): void {
  const http = () => new HttpClient(getTarget().baseUrl);

  describe('discovery', () => {
    it('serves RFC 8414 metadata at both well-known paths', async () => {
      const first = await http().get('/.well-known/oauth-authorization-server');
      const second = await http().get('/.well-known/openid-configuration');
      expect(first.status).toBe(200);
      expect(second.body).toEqual(first.body);
      const { issuer } = first.body;
      expect(new URL(issuer).protocol).toMatch(/^https?:$/);
      expect(first.body).toMatchObject({
        token_endpoint: `${issuer}/oauth/token`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
        introspection_endpoint: `${issuer}/oauth/introspect`,
        grant_types_supported: expect.arrayContaining(['password', 'refresh_token', 'client_credentials']),
        token_endpoint_auth_methods_supported: expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
        scopes_supported: expect.arrayContaining(['openid']),
        // Issue 11: the code flow exists, so the authorization endpoint's response type is listed.
        response_types_supported: ['code'],
      });
    });

    it('publishes only public keys, each with kid, cacheable', async () => {
      const result = await http().get('/.well-known/jwks.json');
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      expect(result.body.keys.length).toBeGreaterThan(0);
      for (const key of result.body.keys) {
        expect(key.kid).toEqual(expect.any(String));
        expect(key.use).toBe('sig');
        for (const privatePart of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(privatePart);
      }
    });
  });

  describe('operations', () => {
    it('/healthz and /readyz answer 200 while the stores are reachable', async () => {
      for (const path of ['/healthz', '/readyz']) {
        const result = await http().get(path);
        expect(result.status).toBe(200);
        expect(result.body).toEqual({ status: 'ok' });
      }
    });

    it('/metrics is Prometheus text with request, login, rotation and revocation series', async () => {
      // Loopback-only and never through a proxy (audit finding 14): ask one instance directly.
      const instance = new HttpClient(getTarget().instanceUrl ?? getTarget().baseUrl);
      await instance.json('POST', '/auth/login', { email: 'nobody@example.test', password: 'whatever-it-is' });
      const result = await instance.get('/metrics');
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^text\/plain/);
      for (const name of ['tessera_http_requests_total', 'tessera_http_request_duration_seconds', 'tessera_logins_total', 'tessera_refresh_rotations_total', 'tessera_refresh_reuse_detected_total', 'tessera_revocations_total']) {
        expect(result.text).toContain(`# TYPE ${name}`);
      }
      expect(result.text).toMatch(/tessera_logins_total\{endpoint="auth_login",outcome="failure"\} \d+/);
      expect(result.text).toMatch(/tessera_http_requests_total\{method="POST",route="\/auth\/login",status="401"\} \d+/);
    });

    it('/metrics is not served through a proxy (audit finding 14)', async () => {
      const target = getTarget();
      // A request a proxy relayed carries its forwarding header; through a real balancer it is the balancer's own.
      const result = target.instanceUrl
        ? await http().get('/metrics')
        : await http().get('/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(result.status).toBe(404);
      expect(result.text).not.toContain('tessera_http_requests_total');
    });

    it('unknown routes are a JSON 404', async () => {
      const result = await http().get('/no/such/route');
      expect(result.status).toBe(404);
      expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(result.body).toMatchObject({ status: 404, code: 'not_found' });
    });
  });
}
