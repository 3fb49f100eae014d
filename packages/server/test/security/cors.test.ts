import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { authorizePath, Browser, pkcePair, redirectParams } from '../oauth/support/code-flow.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

const spaOrigin = 'https://spa.example.test';
const spaRedirect = `${spaOrigin}/callback`;
const webOrigin = 'https://web.example.test';

/** Issue 11: CORS on the token, revocation and UserInfo endpoints for registered public clients' origins only, over real HTTP. */
describe('CORS (real HTTP)', () => {
  let server: StartedServer;
  let http: HttpClient;
  let account: { email: string; password: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    const common = { grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid'], audiences: [server.config.issuer], firstParty: true };
    await server.tessera.clients.register({ ...common, id: 'spa', name: 'SPA', type: 'public', redirectUris: [spaRedirect] });
    // A confidential client's origin is no browser app's: it gets no CORS.
    await server.tessera.clients.register({ ...common, id: 'web', name: 'Web', type: 'confidential', redirectUris: [`${webOrigin}/callback`] });
    account = await signUp(http, newCredentials());
  });
  afterAll(async () => {
    await server?.close();
  });

  const preflight = (path: string, origin: string, method = 'POST') =>
    http.send('OPTIONS', path, undefined, { headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type, dpop' } });

  async function spaTokens() {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    const pkce = pkcePair();
    const answer = await browser.get(authorizePath({ response_type: 'code', client_id: 'spa', redirect_uri: spaRedirect, scope: 'openid', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const code = redirectParams(answer, spaRedirect).get('code')!;
    const tokens = await http.form('/oauth/token', { grant_type: 'authorization_code', client_id: 'spa', code, redirect_uri: spaRedirect, code_verifier: pkce.verifier }, { headers: { origin: spaOrigin } });
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    return tokens.body as { access_token: string; refresh_token: string };
  }

  function expectNoCors(result: HttpResult) {
    expect(result.headers.get('access-control-allow-origin')).toBeNull();
    expect(result.headers.get('access-control-allow-credentials')).toBeNull();
  }

  it('preflight from a public client\'s origin: 204, the origin reflected, never credentials', async () => {
    for (const [path, method] of [['/oauth/token', 'POST'], ['/oauth/revoke', 'POST'], ['/oauth/userinfo', 'GET']] as const) {
      const result = await preflight(path, spaOrigin, method);
      expect(result.status, path).toBe(204);
      expect(result.headers.get('access-control-allow-origin')).toBe(spaOrigin);
      expect(result.headers.get('access-control-allow-methods')).toContain(method);
      expect(result.headers.get('access-control-allow-headers')).toBe('authorization, content-type, dpop');
      expect(result.headers.get('access-control-allow-credentials')).toBeNull();
      expect(result.headers.get('vary')).toMatch(/origin/i);
    }
  });

  it('the SPA redeems, refreshes, reads UserInfo and revokes cross-origin; errors carry the CORS header too', async () => {
    const tokens = await spaTokens();
    const refreshed = await http.form('/oauth/token', { grant_type: 'refresh_token', client_id: 'spa', refresh_token: tokens.refresh_token }, { headers: { origin: spaOrigin } });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(refreshed.headers.get('access-control-allow-credentials')).toBeNull();
    const userinfo = await http.get('/oauth/userinfo', { headers: { origin: spaOrigin, authorization: `Bearer ${refreshed.body.access_token as string}` } });
    expect(userinfo.status).toBe(200);
    expect(userinfo.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    const spent = await http.form('/oauth/token', { grant_type: 'refresh_token', client_id: 'spa', refresh_token: 'not-a-token' }, { headers: { origin: spaOrigin } });
    expect(spent.status).toBe(400);
    expect(spent.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    const revoked = await http.form('/oauth/revoke', { client_id: 'spa', token: refreshed.body.refresh_token as string }, { headers: { origin: spaOrigin } });
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get('access-control-allow-origin')).toBe(spaOrigin);
  });

  it('an unregistered origin, or a confidential client\'s: no CORS header, preflight refused, the POST refused by the Origin check', async () => {
    const tokens = await spaTokens();
    for (const origin of ['https://evil.example.test', webOrigin, 'https://spa.example.test:8443', 'http://spa.example.test']) {
      const answer = await preflight('/oauth/token', origin);
      expect(answer.status, origin).toBe(404);
      expectNoCors(answer);
      const post = await http.form('/oauth/token', { grant_type: 'refresh_token', client_id: 'spa', refresh_token: tokens.refresh_token }, { headers: { origin } });
      expect(post.status, origin).toBe(403);
      expectNoCors(post);
    }
    // The token was never spent by the refused requests.
    const still = await http.form('/oauth/token', { grant_type: 'refresh_token', client_id: 'spa', refresh_token: tokens.refresh_token }, { headers: { origin: spaOrigin } });
    expect(still.status).toBe(200);
  });

  it('cookie-authenticated and other routes get no CORS, even from a registered origin', async () => {
    for (const path of ['/auth/login', '/auth/session', '/oauth/introspect', '/api/me', '/oauth/authorize']) {
      const answer = await preflight(path, spaOrigin);
      expectNoCors(answer);
      expect(answer.status, path).not.toBe(204);
    }
    const login = await http.json('POST', '/auth/login', { email: account.email, password: account.password }, { headers: { origin: spaOrigin } });
    expect(login.status).toBe(403);
    expectNoCors(login);
  });

  it('the JWKS and both metadata documents answer any origin, preflight included, without credentials', async () => {
    for (const path of ['/.well-known/jwks.json', '/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const answer = await preflight(path, 'https://verifier.example.test', 'GET');
      expect(answer.status, path).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      const document = await http.get(path, { headers: { origin: 'https://verifier.example.test' } });
      expect(document.status).toBe(200);
      expect(document.headers.get('access-control-allow-origin')).toBe('*');
      expect(document.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});
