import { IdTokenIssuer, systemClock } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient, sessionCookieOf, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { authorizePath, Browser, pkcePair, redirectParams } from './support/code-flow.js';

const redirectUri = 'https://rp.example.test/callback';
const loggedOut = 'https://rp.example.test/logged-out';

/** Issue 11: OIDC RP-Initiated Logout 1.0 at /oauth/logout over real HTTP (SQLite), refusals included. */
describe('RP-initiated logout (SQLite, real HTTP)', () => {
  let server: StartedServer;
  let http: HttpClient;
  let rpSecret: string;
  let account: { email: string; password: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    const issuer = server.config.issuer;
    const rp = await server.tessera.clients.register({
      id: 'rp-web',
      name: 'Photo Prints',
      type: 'confidential',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'email', 'offline_access'],
      audiences: [issuer],
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [loggedOut],
      firstParty: true,
    });
    rpSecret = rp.secret!;
    await server.tessera.clients.register({ id: 'rp-other', name: 'Other app', type: 'public', grantTypes: ['authorization_code'], scopes: ['openid'], audiences: [issuer], redirectUris: [redirectUri], firstParty: true });
    account = await signUp(http, newCredentials());
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A signed-in browser and the tokens of one code-flow login in its session. */
  async function loginAtRp(scope = 'openid email') {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    const pkce = pkcePair();
    const answer = await browser.get(authorizePath({ response_type: 'code', client_id: 'rp-web', redirect_uri: redirectUri, scope, state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const code = redirectParams(answer, redirectUri).get('code')!;
    const tokens = await http.form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier }, { basic: { id: 'rp-web', secret: rpSecret } });
    expect(tokens.status, tokens.text).toBe(200);
    return { browser, idToken: tokens.body.id_token as string, refreshToken: tokens.body.refresh_token as string };
  }

  const refresh = (refreshToken: string) => http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, { basic: { id: 'rp-web', secret: rpSecret } });
  const logoutPath = (params: Record<string, string>) => `/oauth/logout?${new URLSearchParams(params).toString()}`;

  async function expectSignedOut(browser: Browser) {
    const me = await browser.http.get('/api/me', { session: browser.session! });
    expect(me.status).toBe(401);
  }

  function expectErrorPage(result: HttpResult) {
    expect(result.status).toBe(400);
    expect(result.headers.get('location')).toBeNull();
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.text).toContain('This sign-out link is not valid');
  }

  it('discovery names the end-session endpoint', async () => {
    const metadata = await http.get('/.well-known/openid-configuration');
    expect(metadata.body.end_session_endpoint).toBe(`${server.config.issuer}/oauth/logout`);
  });

  it('a valid id_token_hint of this session ends it at once, with the session-bound refresh family; back to the registered URI with state', async () => {
    const { browser, idToken, refreshToken } = await loginAtRp();
    const offline = await loginAtRp('openid offline_access');
    // The offline_access family was born in another session of the same user: it is not touched.
    const result = await browser.get(logoutPath({ id_token_hint: idToken, post_logout_redirect_uri: loggedOut, state: 'bye-1' }));
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe(`${loggedOut}?state=bye-1`);
    expect(sessionCookieOf(result)?.attributes.get('max-age')).toBe('0');
    await expectSignedOut(browser);
    const dead = await refresh(refreshToken);
    expect(dead.status).toBe(400);
    expect(dead.body.error).toBe('invalid_grant');
    expect((await refresh(offline.refreshToken)).status).toBe(200);
  });

  it('a family with offline_access survives the logout of its own session (OIDC Core §11)', async () => {
    const { browser, idToken, refreshToken } = await loginAtRp('openid offline_access');
    const result = await browser.get(logoutPath({ id_token_hint: idToken }));
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe('/login?notice=signed-out');
    await expectSignedOut(browser);
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('an expired hint is still accepted (RP-Initiated Logout §2)', async () => {
    const { browser, idToken } = await loginAtRp();
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString()) as { sid: string };
    const expiredIssuer = new IdTokenIssuer(server.tessera.keys, { issuer: server.config.issuer, accessTokenTtlSeconds: -3600 }, systemClock);
    const expired = await expiredIssuer.issue({ claims: { sub: account.userId }, clientId: 'rp-web', alg: 'RS256', nonce: null, authTime: Date.now(), sessionId: claims.sid, amr: ['pwd'], accessToken: 'x' });
    const result = await browser.get(logoutPath({ id_token_hint: expired, post_logout_redirect_uri: loggedOut }));
    expect(result.headers.get('location')).toBe(loggedOut);
    await expectSignedOut(browser);
  });

  it('the RP may POST the form from its own origin (the Origin check lets /oauth/logout through)', async () => {
    const { browser, idToken } = await loginAtRp();
    const result = await browser.http.form('/oauth/logout', { id_token_hint: idToken, post_logout_redirect_uri: loggedOut, state: 'p' }, { session: browser.session!, redirect: 'manual', headers: { origin: 'https://rp.example.test' } });
    expect(result.status).toBe(303);
    expect(result.headers.get('location')).toBe(`${loggedOut}?state=p`);
    await expectSignedOut(browser);
  });

  it('without a hint the user is asked (CSRF-protected form); "Sign out" ends the session and returns to the client', async () => {
    const { browser, refreshToken } = await loginAtRp();
    const page = await browser.get(logoutPath({ client_id: 'rp-web', post_logout_redirect_uri: loggedOut, state: 'c-1' }));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign out of Tessera?');
    expect(page.text).toContain('Photo Prints');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://rp.example.test;");
    // Still signed in: a GET decides nothing.
    expect((await browser.http.get('/api/me', { session: browser.session! })).status).toBe(200);
    const fields = Browser.consentFields(page.text, 'allow');
    delete fields.decision;
    // A forged post without the session's CSRF token is refused.
    const forged = await browser.post('/oauth/logout/confirm', { ...fields, csrf_token: 'forged', decision: 'logout' });
    expect(forged.status).toBe(403);
    const answer = await browser.post('/oauth/logout/confirm', { ...fields, decision: 'logout' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${loggedOut}?state=c-1`);
    await expectSignedOut(browser);
    expect((await refresh(refreshToken)).status).toBe(400);
  });

  it('"Stay signed in" keeps the session', async () => {
    const { browser } = await loginAtRp();
    const page = await browser.get(logoutPath({}));
    const fields = Browser.consentFields(page.text, 'allow');
    const answer = await browser.post('/oauth/logout/confirm', { ...fields, decision: 'stay' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/account');
    expect((await browser.http.get('/api/me', { session: browser.session! })).status).toBe(200);
  });

  it('a hint of another session of the same user is not enough: the user is asked', async () => {
    const { idToken } = await loginAtRp();
    const other = new Browser(server.baseUrl);
    await other.logIn(account);
    const page = await other.get(logoutPath({ id_token_hint: idToken }));
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sign out of Tessera?');
    expect((await other.http.get('/api/me', { session: other.session! })).status).toBe(200);
  });

  it('without a session: nothing to end, straight back to the registered URI', async () => {
    const result = await http.get(logoutPath({ client_id: 'rp-web', post_logout_redirect_uri: loggedOut, state: 'z' }), { redirect: 'manual' });
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe(`${loggedOut}?state=z`);
  });

  describe('refusals: an HTML error page, never a redirect, and the session lives', () => {
    it('an unregistered post_logout_redirect_uri', async () => {
      const { browser, idToken } = await loginAtRp();
      for (const uri of ['https://evil.example.test/', `${loggedOut}/`, `${loggedOut}?x=1`, 'https://RP.example.test/logged-out']) {
        expectErrorPage(await browser.get(logoutPath({ id_token_hint: idToken, post_logout_redirect_uri: uri })));
      }
      expect((await browser.http.get('/api/me', { session: browser.session! })).status).toBe(200);
    });

    it('a post_logout_redirect_uri without a client to check it against', async () => {
      expectErrorPage(await http.get(logoutPath({ post_logout_redirect_uri: loggedOut }), { redirect: 'manual' }));
    });

    it('a tampered hint, an access token as hint, garbage', async () => {
      const { browser, idToken } = await loginAtRp();
      const [header, payload, signature] = idToken.split('.') as [string, string, string];
      const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone-else' })).toString('base64url');
      const access = (await http.form('/oauth/token', { grant_type: 'client_credentials' }, { basic: { id: server.confidentialClient.id, secret: server.confidentialClient.secret } })).body.access_token as string;
      for (const hint of [`${header}.${forgedPayload}.${signature}`, access, 'not-a-jwt', 'a'.repeat(9000)]) {
        expectErrorPage(await browser.get(logoutPath({ id_token_hint: hint, post_logout_redirect_uri: loggedOut })));
      }
      expect((await browser.http.get('/api/me', { session: browser.session! })).status).toBe(200);
    });

    it('client_id that is not the hint\'s audience, an unknown client, a repeated parameter', async () => {
      const { browser, idToken } = await loginAtRp();
      expectErrorPage(await browser.get(logoutPath({ id_token_hint: idToken, client_id: 'rp-other' })));
      expectErrorPage(await browser.get(logoutPath({ client_id: 'nobody' })));
      expectErrorPage(await browser.get('/oauth/logout?state=a&state=b'));
      expect((await browser.http.get('/api/me', { session: browser.session! })).status).toBe(200);
    });
  });
});
