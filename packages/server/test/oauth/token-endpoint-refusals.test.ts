import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/http/error-catalog.js';
import { oauthErrorCodes } from '../../src/http/oauth-error-code.js';
import { newCredentials, passwordGrant, signUp } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { setTimeout as sleep } from 'node:timers/promises';

const registered: ReadonlySet<string> = new Set(oauthErrorCodes);

/** An RFC 6749 §5.2 answer: JSON `{error, error_description}` with a registered `error`, no stack. */
function expectOAuthError(result: HttpResult, status: number, error: string): void {
  expect(result.status, result.text).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.body).toEqual({ error, error_description: expect.any(String) });
  expect(registered.has(result.body.error as string), result.body.error as string).toBe(true);
  expect(result.text).not.toMatch(/ at |\.ts:|Error:/);
}

/** Issue 11, token endpoint: WWW-Authenticate, 405, registered codes, invalid_grant for bad tokens, RFC 8707 on refresh. */
describe('/oauth/* refusals (SQLite, real HTTP)', () => {
  let server: StartedServer;
  let http: HttpClient;
  const multi = { id: 'multi-audience-app', audiences: ['https://a.example.test', 'https://b.example.test'] };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_REFRESH_GRACE_SECONDS: '1' } });
    http = new HttpClient(server.baseUrl);
    await server.tessera.clients.register({
      id: multi.id,
      name: 'Two audiences',
      type: 'public',
      grantTypes: ['password', 'refresh_token'],
      scopes: ['openid'],
      audiences: multi.audiences,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('every 401 invalid_client carries WWW-Authenticate (RFC 6749 §5.2)', () => {
    const cases: [string, () => Promise<HttpResult>][] = [
      ['a wrong secret in Basic', () => http.form('/oauth/token', { grant_type: 'client_credentials' }, { basic: { id: server.confidentialClient.id, secret: 'wrong' } })],
      ['a wrong secret in the body', () => http.form('/oauth/token', { grant_type: 'client_credentials', client_id: server.confidentialClient.id, client_secret: 'wrong' })],
      ['an unknown client_id', () => http.form('/oauth/token', { grant_type: 'client_credentials', client_id: 'no-such-client' })],
      ['malformed Basic credentials', () => http.form('/oauth/token', { grant_type: 'client_credentials' }, { headers: { authorization: 'Basic !!!' } })],
      ['a public client at introspection', () => http.form('/oauth/introspect', { token: 'x' })],
      ['a wrong secret at revocation', () => http.form('/oauth/revoke', { token: 'x', client_id: server.confidentialClient.id, client_secret: 'wrong' })],
    ];
    it.each(cases)('%s', async (_name, send) => {
      const result = await send();
      expectOAuthError(result, 401, 'invalid_client');
      expect(result.headers.get('www-authenticate')).toMatch(/^Basic realm="tessera"/);
    });
  });

  describe('a method an endpoint does not serve is 405 with Allow', () => {
    for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/introspect']) {
      it.each(['GET', 'PUT', 'PATCH', 'DELETE'])(`%s ${path}`, async (method) => {
        const result = await http.send(method, path, undefined);
        expectOAuthError(result, 405, 'invalid_request');
        expect(result.headers.get('allow')).toBe('POST');
        expect(result.headers.get('cache-control')).toBe('no-store');
      });
    }

    it('HEAD /oauth/token is 405 too, without a body', async () => {
      const result = await http.send('HEAD', '/oauth/token', undefined);
      expect(result.status).toBe(405);
      expect(result.headers.get('allow')).toBe('POST');
      expect(result.text).toBe('');
    });

    it('an unknown /oauth/ path is a 404 in RFC 6749 form', async () => {
      expectOAuthError(await http.send('GET', '/oauth/nothing-here', undefined), 404, 'invalid_request');
    });
  });

  describe('a refresh token that cannot be one is invalid_grant, not invalid_request or a 500', () => {
    it.each([
      ['too long', 'a'.repeat(513)],
      ['far too long', 'a'.repeat(20_000)],
      ['not base64url', 'not a token!'],
      ['unicode', 'tökén'],
      ['an access token (a JWT)', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
      ['well-formed but unknown', 'A'.repeat(43)],
    ])('%s', async (_name, refreshToken) => {
      expectOAuthError(await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }), 400, 'invalid_grant');
    });

    it('a real access token presented as a refresh token', async () => {
      const pair = await passwordGrant(http, await signUp(http));
      expectOAuthError(await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.access_token }), 400, 'invalid_grant');
    });

    it('a missing one is still invalid_request (§5.2: a required parameter is missing)', async () => {
      expectOAuthError(await http.form('/oauth/token', { grant_type: 'refresh_token' }), 400, 'invalid_request');
      expectOAuthError(await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: '' }), 400, 'invalid_request');
    });
  });

  describe('RFC 8707 resource on the refresh grant', () => {
    const startFamily = async (resource: string) => {
      const account = await signUp(http, newCredentials());
      const grant = await http.form('/oauth/token', `grant_type=password&client_id=${multi.id}&username=${encodeURIComponent(account.email)}&password=${encodeURIComponent(account.password)}&resource=${encodeURIComponent(resource)}`);
      expect(grant.status, grant.text).toBe(200);
      expect(decodeJwt(grant.body.access_token as string).aud).toBe(resource);
      return grant.body.refresh_token as string;
    };
    const refreshWith = (refreshToken: string, resources: string[]) =>
      http.form('/oauth/token', [`grant_type=refresh_token`, `client_id=${multi.id}`, `refresh_token=${refreshToken}`, ...resources.map((r) => `resource=${encodeURIComponent(r)}`)].join('&'));

    it('the family audience, named once or repeated, is honoured', async () => {
      const [a] = multi.audiences as [string, string];
      const once = await refreshWith(await startFamily(a), [a]);
      expect(once.status, once.text).toBe(200);
      expect(decodeJwt(once.body.access_token as string).aud).toBe(a);
      const twice = await refreshWith(once.body.refresh_token as string, [a, a]);
      expect(twice.status, twice.text).toBe(200);
      expect(decodeJwt(twice.body.access_token as string).aud).toBe(a);
    });

    it('another audience of the client, alone or next to the family one, is invalid_target and does not spend the token', async () => {
      const [a, b] = multi.audiences as [string, string];
      const refreshToken = await startFamily(a);
      expectOAuthError(await refreshWith(refreshToken, [b]), 400, 'invalid_target');
      expectOAuthError(await refreshWith(refreshToken, [a, b]), 400, 'invalid_target');
      expectOAuthError(await refreshWith(refreshToken, ['https://elsewhere.example.test']), 400, 'invalid_target');
      const still = await refreshWith(refreshToken, []);
      expect(still.status, still.text).toBe(200);
      expect(decodeJwt(still.body.access_token as string).aud).toBe(a);
    });

    it('two distinct resources on the password grant are invalid_target (one audience per token)', async () => {
      const account = await signUp(http, newCredentials());
      const [a, b] = multi.audiences.map(encodeURIComponent) as [string, string];
      const body = `grant_type=password&client_id=${multi.id}&username=${encodeURIComponent(account.email)}&password=${encodeURIComponent(account.password)}&resource=${a}&resource=${b}`;
      expectOAuthError(await http.form('/oauth/token', body), 400, 'invalid_target');
    });

    it('other parameters still may not repeat', async () => {
      expectOAuthError(await http.form('/oauth/token', 'grant_type=refresh_token&refresh_token=a&refresh_token=b'), 400, 'invalid_request');
    });
  });

  it('a reuse is invalid_grant and counted by the metric the core names it for (RefreshTokenReuseError), not by a store re-query', async () => {
    const reuseCount = async () => Number(/^tessera_refresh_reuse_detected_total (\d+)/m.exec((await http.get('/metrics')).text)?.[1] ?? 'NaN');
    const before = await reuseCount();
    const pair = await passwordGrant(http, await signUp(http));
    expect((await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.refresh_token })).status).toBe(200);
    await sleep(1500);
    expectOAuthError(await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: pair.refresh_token }), 400, 'invalid_grant');
    expect(await reuseCount()).toBe(before + 1);
    // An unknown token is invalid_grant too, but no reuse.
    expectOAuthError(await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'B'.repeat(43) }), 400, 'invalid_grant');
    expect(await reuseCount()).toBe(before + 1);
  });

  it('the catalog maps every code to a registered OAuth error name', () => {
    for (const [code, entry] of Object.entries(errorCatalog)) expect(registered.has(entry.oauthError), code).toBe(true);
  });
});
