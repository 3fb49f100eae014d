import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { passwordGrant, signUpAndLogIn } from '../support/accounts.js';
import type { GetTarget } from '../support/e2e-target.js';
import { HttpClient } from '../support/http-client.js';

/** `GET /api/me` with a cookie and with a Bearer token, and the access token checked with nothing but plain `jose`. */
export function describeApiMeE2E(getTarget: GetTarget): void {
  const http = () => new HttpClient(getTarget().baseUrl);

  describe('GET /api/me', () => {
    it('accepts the session cookie: {sub, email, auth: "session"}', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().get('/api/me', { session: user.session });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ sub: user.userId, email: user.email, auth: 'session' });
      expect(result.headers.get('cache-control')).toBe('no-store');
    });

    it('accepts a Bearer access token: {sub, email, auth: "bearer"}', async () => {
      const user = await signUpAndLogIn(http());
      const { access_token } = await passwordGrant(http(), user);
      for (const scheme of ['Bearer', 'bearer']) {
        const result = await http().get('/api/me', { headers: { authorization: `${scheme} ${access_token}` } });
        expect(result.status).toBe(200);
        expect(result.body).toEqual({ sub: user.userId, email: user.email, auth: 'bearer' });
      }
    });

    it('answers 401 with WWW-Authenticate: Bearer without credentials, error="invalid_token" with a bad one', async () => {
      const none = await http().get('/api/me');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(none.headers.get('www-authenticate')).not.toContain('error=');
      expect(none.body).toMatchObject({ status: 401 });
      const bad = await http().get('/api/me', { headers: { authorization: 'Bearer not-a-jwt' } });
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
      const basic = await http().get('/api/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(basic.status).toBe(401);
      expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('a bad Bearer token is not rescued by a good cookie', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().get('/api/me', { session: user.session, headers: { authorization: 'Bearer a.b.c' } });
      expect(result.status).toBe(401);
    });

    it('refuses a service token minted for another audience', async () => {
      const { client } = getTarget();
      const token = (await http().form('/oauth/token', { grant_type: 'client_credentials' }, { basic: client })).body.access_token as string;
      expect((await http().get('/api/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    });
  });

  describe('the access token, verified with plain jose against the served JWKS and metadata issuer', () => {
    it('is an RFC 9068 JWT (typ at+jwt, kid) with iss sub aud exp iat jti client_id scope sid', async () => {
      const user = await signUpAndLogIn(http());
      const { access_token, expires_in } = await passwordGrant(http(), user);
      const metadata = (await http().get('/.well-known/oauth-authorization-server')).body;
      const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
      const { payload, protectedHeader } = await jwtVerify(access_token, jwks, {
        issuer: metadata.issuer,
        audience: metadata.issuer,
        typ: 'at+jwt',
        algorithms: metadata.tessera_access_token_signing_alg_values_supported,
      });
      expect(protectedHeader.typ).toBe('at+jwt');
      expect(protectedHeader.kid).toEqual(expect.any(String));
      expect(decodeProtectedHeader(access_token).alg).not.toBe('none');
      expect(payload).toMatchObject({ iss: metadata.issuer, sub: user.userId, client_id: 'tessera', scope: expect.any(String), sid: expect.any(String), jti: expect.any(String) });
      expect(payload.aud).toBeDefined();
      expect(payload.exp! - payload.iat!).toBe(expires_in);
    });
  });
}
