import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { passwordGrant, refresh, signUp } from '../support/accounts.js';
import type { GetTarget } from '../support/e2e-target.js';
import { HttpClient } from '../support/http-client.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** docs/http-api.md#tokens: the token endpoint's grants, rotation, revocation, introspection. */
export function describeTokensE2E(getTarget: GetTarget): void {
  const http = () => new HttpClient(getTarget().baseUrl);
  const meStatus = async (accessToken: string) => (await http().get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } })).status;

  describe('POST /oauth/token grant_type=password', () => {
    it('answers {access_token, token_type: Bearer, expires_in, refresh_token, scope} with no-store', async () => {
      const account = await signUp(http());
      const result = await http().form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password, scope: 'openid email' });
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(result.headers.get('pragma')).toBe('no-cache');
      expect(result.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number), refresh_token: expect.any(String), scope: 'openid email' });
      expect(result.body.expires_in).toBeGreaterThan(0);
      expect(result.body.expires_in).toBeLessThanOrEqual(900);
      expect(Buffer.from(result.body.refresh_token, 'base64url').length * 8).toBeGreaterThanOrEqual(256);
      expect(decodeJwt(result.body.access_token)).toMatchObject({ sub: account.userId, scope: 'openid email' });
    });

    it('a missing client_id means the built-in first-party client', async () => {
      const account = await signUp(http());
      const implicit = await passwordGrant(http(), account);
      expect(decodeJwt(implicit.access_token).client_id).toBe('tessera');
      const explicit = await http().form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password, client_id: 'tessera' });
      expect(explicit.status).toBe(200);
      expect(decodeJwt(explicit.body.access_token).client_id).toBe('tessera');
    });

    it('wrong credentials are RFC 6749 invalid_grant (400), identical for unknown users', async () => {
      const account = await signUp(http());
      const wrong = await http().form('/oauth/token', { grant_type: 'password', username: account.email, password: 'not-the-password' });
      const unknown = await http().form('/oauth/token', { grant_type: 'password', username: `x${account.email}`, password: 'not-the-password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
      expect(unknown.text).toBe(wrong.text);
      expect(wrong.headers.get('cache-control')).toBe('no-store');
    });

    it('unknown grant types, missing grant_type and unknown clients are RFC 6749 errors', async () => {
      // Issue 11 made authorization_code a supported grant (the built-in client may not use it); another stands in for "unknown".
      expect((await http().form('/oauth/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'x' })).body.error).toBe('unsupported_grant_type');
      expect((await http().form('/oauth/token', { grant_type: 'authorization_code', code: 'x' })).body.error).toBe('unauthorized_client');
      expect((await http().form('/oauth/token', { username: 'x' })).body.error).toBe('invalid_request');
      const unknownClient = await http().form('/oauth/token', { grant_type: 'password', username: 'a@b.io', password: 'x', client_id: 'no-such-client' });
      expect(unknownClient.status).toBe(401);
      expect(unknownClient.body.error).toBe('invalid_client');
      expect((await http().form('/oauth/token', { grant_type: 'client_credentials' })).body.error).toBe('unauthorized_client');
      expect((await http().form('/oauth/token', { grant_type: 'password', username: 'a@b.io', password: 'x', scope: 'admin' })).body.error).toBe('invalid_scope');
    });
  });

  describe('POST /oauth/token grant_type=refresh_token', () => {
    it('rotates: a new pair, and the old refresh token is spent', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      const rotated = await refresh(http(), pair.refresh_token);
      expect(rotated.status).toBe(200);
      expect(rotated.body.refresh_token).not.toBe(pair.refresh_token);
      expect(rotated.body.access_token).not.toBe(pair.access_token);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect(decodeJwt(rotated.body.access_token).sid).toBe(decodeJwt(pair.access_token).sid);
      // A repeat (inside the grace window) mints nothing new. (Introspection cannot show the spent
      // token: a refresh token introspects only for the client it was issued to, audit finding 6.)
      const repeat = await refresh(http(), pair.refresh_token);
      if (repeat.status === 200) expect(repeat.body.refresh_token).toBe(rotated.body.refresh_token);
      expect((await refresh(http(), rotated.body.refresh_token)).status).toBe(200);
    });

    it('20 concurrent refreshes of one token all get 200 and the SAME successor refresh token', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      const results = await Promise.all(Array.from({ length: 20 }, () => refresh(http(), pair.refresh_token)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const successors = new Set(results.map((r) => r.body.refresh_token as string));
      expect(successors.size).toBe(1);
      // The family is alive: the successor rotates normally.
      expect((await refresh(http(), [...successors][0]!)).status).toBe(200);
    });

    it('reuse after the grace window kills the family and its live access token', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      const rotated = await refresh(http(), pair.refresh_token);
      expect(rotated.status).toBe(200);
      const liveAccess = rotated.body.access_token as string;
      expect(await meStatus(liveAccess)).toBe(200);
      await sleep(getTarget().refreshGraceSeconds * 1000 + 500);
      const reuse = await refresh(http(), pair.refresh_token);
      expect(reuse.status).toBe(400);
      expect(reuse.body.error).toBe('invalid_grant');
      expect(await meStatus(liveAccess)).toBe(401);
      expect((await refresh(http(), rotated.body.refresh_token)).body.error).toBe('invalid_grant');
    });

    it('a refresh token belongs to its client', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      const { client } = getTarget();
      const stolen = await http().form('/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.refresh_token }, { basic: client });
      expect(stolen.status).toBe(400);
      expect(['invalid_grant', 'unauthorized_client']).toContain(stolen.body.error);
    });
  });

  describe('POST /oauth/revoke (RFC 7009)', () => {
    it('revoking an access token makes /api/me refuse it at once; its refresh token lives on', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      expect(await meStatus(pair.access_token)).toBe(200);
      const result = await http().form('/oauth/revoke', { token: pair.access_token, token_type_hint: 'access_token' });
      expect(result.status).toBe(200);
      expect(await meStatus(pair.access_token)).toBe(401);
      expect((await refresh(http(), pair.refresh_token)).status).toBe(200);
    });

    it('revoking a refresh token kills its family and the family\'s access tokens', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      const rotated = (await refresh(http(), pair.refresh_token)).body;
      const result = await http().form('/oauth/revoke', { token: rotated.refresh_token });
      expect(result.status).toBe(200);
      expect((await refresh(http(), rotated.refresh_token)).body.error).toBe('invalid_grant');
      expect(await meStatus(rotated.access_token)).toBe(401);
      expect(await meStatus(pair.access_token)).toBe(401);
    });

    it('answers 200 for unknown and garbage tokens', async () => {
      for (const token of ['no-such-token', 'a.b.c', 'x'.repeat(4000)]) {
        expect((await http().form('/oauth/revoke', { token })).status).toBe(200);
      }
      expect((await http().form('/oauth/revoke', {})).body.error).toBe('invalid_request');
    });

    it('confidential clients must authenticate to revoke', async () => {
      const { client } = getTarget();
      const bad = await http().form('/oauth/revoke', { token: 'whatever' }, { basic: { id: client.id, secret: 'wrong' } });
      expect(bad.status).toBe(401);
      expect(bad.body.error).toBe('invalid_client');
      expect(bad.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect((await http().form('/oauth/revoke', { token: 'whatever' }, { basic: client })).status).toBe(200);
    });
  });

  describe('POST /oauth/token grant_type=client_credentials', () => {
    it('issues a service token to a registered confidential client (Basic or post), without a refresh token', async () => {
      const { client } = getTarget();
      const basic = await http().form('/oauth/token', { grant_type: 'client_credentials' }, { basic: client });
      expect(basic.status).toBe(200);
      expect(basic.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
      expect(basic.body.refresh_token).toBeUndefined();
      expect(decodeJwt(basic.body.access_token)).toMatchObject({ sub: client.id, client_id: client.id, aud: client.audience });
      const post = await http().form('/oauth/token', { grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret });
      expect(post.status).toBe(200);
    });

    it('refuses a wrong secret with 401 invalid_client (and a Basic challenge when Basic was used)', async () => {
      const { client } = getTarget();
      const basic = await http().form('/oauth/token', { grant_type: 'client_credentials' }, { basic: { id: client.id, secret: `${client.secret}x` } });
      expect(basic.status).toBe(401);
      expect(basic.body.error).toBe('invalid_client');
      expect(basic.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      const post = await http().form('/oauth/token', { grant_type: 'client_credentials', client_id: client.id, client_secret: 'nope' });
      expect(post.status).toBe(401);
      const both = await http().form('/oauth/token', { grant_type: 'client_credentials', client_secret: client.secret }, { basic: client });
      expect(both.status).toBe(400);
      expect(both.body.error).toBe('invalid_request');
    });
  });

  describe('POST /oauth/introspect (RFC 7662)', () => {
    it('requires an authenticated confidential client', async () => {
      const pair = await passwordGrant(http(), await signUp(http()));
      const anonymous = await http().form('/oauth/introspect', { token: pair.access_token });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error).toBe('invalid_client');
      const publicClient = await http().form('/oauth/introspect', { token: pair.access_token, client_id: 'tessera' });
      expect(publicClient.status).toBe(401);
      const wrong = await http().form('/oauth/introspect', { token: pair.access_token }, { basic: { ...getTarget().client, secret: 'wrong' } });
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain('active');
    });

    it('reports live access tokens for its audience active; others\' refresh tokens, revoked or unknown ones inactive', async () => {
      const { client } = getTarget();
      const account = await signUp(http());
      const pair = await passwordGrant(http(), account);
      const access = await http().form('/oauth/introspect', { token: pair.access_token }, { basic: client });
      expect(access.status).toBe(200);
      expect(access.headers.get('cache-control')).toBe('no-store');
      expect(access.body).toMatchObject({ active: true, token_type: 'Bearer', sub: account.userId, client_id: 'tessera', scope: expect.any(String), exp: expect.any(Number), iat: expect.any(Number), jti: expect.any(String), sid: expect.any(String) });
      const refreshInfo = await http().form('/oauth/introspect', { token: pair.refresh_token, token_type_hint: 'refresh_token' }, { basic: client });
      // RFC 7662 §4 (audit finding 6): a refresh token is active only to the client it was issued to.
      expect(refreshInfo.body).toEqual({ active: false });

      await http().form('/oauth/revoke', { token: pair.refresh_token });
      for (const token of [pair.access_token, pair.refresh_token, 'unknown-token', 'a.b.c']) {
        const result = await http().form('/oauth/introspect', { token }, { basic: client });
        expect(result.status).toBe(200);
        expect(result.body).toEqual({ active: false });
      }
    });
  });
}
