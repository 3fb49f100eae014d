import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { authorizePath, Browser, pkcePair, redirectParams } from './support/code-flow.js';
import { setTimeout as sleep } from 'node:timers/promises';

const redirectUri = 'https://rp.example.test/callback';
const firstPartyRedirect = 'http://127.0.0.1/native-callback';

/** Issue 11: the authorization-code flow over real HTTP on the SQLite store, and each refusal RFC 6749 / OIDC Core names. */
describe('authorization code flow (SQLite, real HTTP)', () => {
  let server: StartedServer;
  let http: HttpClient;
  let issuer: string;
  let rpSecret: string;
  let account: { email: string; password: string; userId: string };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    issuer = server.config.issuer;
    const base = { scopes: ['openid', 'email', 'offline_access'], audiences: [issuer] };
    const rp = await server.tessera.clients.register({ ...base, id: 'rp-web', name: 'Photo Prints', type: 'confidential', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirectUri] });
    rpSecret = rp.secret!;
    await server.tessera.clients.register({ ...base, id: 'rp-other', name: 'Other app', type: 'public', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirectUri] });
    await server.tessera.clients.register({ ...base, id: 'own-cli', name: 'Own CLI', type: 'public', grantTypes: ['authorization_code'], redirectUris: [firstPartyRedirect], firstParty: true });
    account = await signUp(http, newCredentials());
  });
  afterAll(async () => {
    await server?.close();
  });

  const request = (pkce: { challenge: string }, overrides: Record<string, string | undefined> = {}) =>
    authorizePath({ response_type: 'code', client_id: 'rp-web', redirect_uri: redirectUri, scope: 'openid email offline_access', state: 'st-1', nonce: 'n-1', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...overrides });

  const redeem = (code: string, verifier: string, overrides: Record<string, string> = {}, auth: { basic?: { id: string; secret: string } } = { basic: { id: 'rp-web', secret: rpSecret } }) =>
    http.form('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, ...overrides }, auth);

  /** Logs in, walks authorize → consent (allowed) and returns the code and the browser. */
  async function authorizeWithConsent(pkce = pkcePair(), overrides: Record<string, string | undefined> = {}) {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    const first = await browser.get(request(pkce, overrides));
    let params: URLSearchParams;
    if (first.status === 200) {
      const answer = await browser.post('/oauth/authorize/consent', Browser.consentFields(first.text, 'allow'));
      expect(answer.status).toBe(303);
      params = redirectParams(answer, redirectUri);
    } else {
      params = redirectParams(first, redirectUri);
    }
    return { browser, pkce, code: params.get('code')!, params };
  }

  function expectOAuthError(result: HttpResult, status: number, error: string) {
    expect(result.status, result.text).toBe(status);
    expect(result.body).toEqual({ error, error_description: expect.any(String) });
  }

  it('without a session goes through the hosted login and comes back to the same request', async () => {
    const browser = new Browser(server.baseUrl);
    const pkce = pkcePair();
    const first = await browser.get(request(pkce, { prompt: 'login consent', login_hint: account.email }));
    expect(first.status).toBe(303);
    const login = new URL(first.headers.get('location')!, server.baseUrl);
    expect(login.pathname).toBe('/login');
    const next = new URL(login.searchParams.get('next')!, server.baseUrl);
    expect(next.pathname).toBe('/oauth/authorize');
    // The login about to happen satisfies prompt=login; the rest of the request is unchanged.
    expect(next.searchParams.get('prompt')).toBe('consent');
    expect(next.searchParams.get('code_challenge')).toBe(pkce.challenge);
    expect(next.searchParams.get('state')).toBe('st-1');
    // The login page allows its form's redirect chain to end at the client (CSP form-action).
    const page = await browser.get(`${login.pathname}${login.search}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://rp.example.test;");
    // login_hint pre-fills the email field.
    expect(page.text).toContain(`value="${account.email}"`);
    // Signed in, the same request shows the consent page.
    await browser.logIn(account);
    const consent = await browser.get(`${next.pathname}${next.search}`);
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('Allow Photo Prints?');
  });

  it('prompt=login and an exceeded max_age send a signed-in browser to log in again; the login page then shows its form', async () => {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    for (const overrides of [{ prompt: 'login' }, { max_age: '0' }]) {
      // max_age=0 is exceeded once a second has passed since the login.
      if (overrides.max_age !== undefined) await sleep(1100);
      const first = await browser.get(request(pkcePair(), overrides));
      expect(first.status).toBe(303);
      const login = new URL(first.headers.get('location')!, server.baseUrl);
      expect(login.pathname).toBe('/login');
      expect(login.searchParams.get('prompt')).toBe('login');
      expect(new URL(login.searchParams.get('next')!, server.baseUrl).searchParams.get('prompt')).toBeNull();
      const page = await browser.get(`${login.pathname}${login.search}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<form method="post" action="/login"');
    }
  });

  it('full flow: consent, code with state and iss, tokens with an RS256 ID token, UserInfo, refresh', async () => {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    const pkce = pkcePair();
    const consent = await browser.get(request(pkce));
    expect(consent.status).toBe(200);
    expect(consent.headers.get('content-type')).toMatch(/^text\/html/);
    expect(consent.text).toContain('rp.example.test');
    expect(consent.text).toContain('See your email address');
    // Chromium checks form-action on the redirect after the form: the client's origin, and only it.
    expect(consent.headers.get('content-security-policy')).toContain("form-action 'self' https://rp.example.test;");
    const answer = await browser.post('/oauth/authorize/consent', Browser.consentFields(consent.text, 'allow'));
    expect(answer.status).toBe(303);
    const params = redirectParams(answer, redirectUri);
    expect(params.get('state')).toBe('st-1');
    expect(params.get('iss')).toBe(issuer);
    const code = params.get('code')!;
    expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(16);

    const tokens = await redeem(code, pkce.verifier);
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', scope: 'openid email offline_access', refresh_token: expect.any(String), id_token: expect.any(String) });
    const metadata = (await http.get('/.well-known/openid-configuration')).body;
    expect(decodeProtectedHeader(tokens.body.id_token).alg).toBe('RS256');
    const { payload } = await jwtVerify(tokens.body.id_token, createRemoteJWKSet(new URL(metadata.jwks_uri)), {
      issuer,
      audience: 'rp-web',
      algorithms: metadata.id_token_signing_alg_values_supported,
    });
    const atHash = createHash('sha256').update(tokens.body.access_token).digest().subarray(0, 16).toString('base64url');
    expect(payload).toMatchObject({ sub: account.userId, nonce: 'n-1', at_hash: atHash, email: account.email, amr: ['pwd'], sid: expect.any(String), auth_time: expect.any(Number) });

    for (const method of ['GET', 'POST'] as const) {
      const info = await http.send(method, '/oauth/userinfo', undefined, { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
      expect(info.status, info.text).toBe(200);
      expect(info.body).toEqual({ sub: account.userId, email: account.email, email_verified: false });
    }
    const refreshed = await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token }, { basic: { id: 'rp-web', secret: rpSecret } });
    expect(refreshed.status, refreshed.text).toBe(200);

    // Consent is remembered: the next request goes straight back with a code.
    const again = await browser.get(request(pkcePair()));
    expect(again.status).toBe(302);
    expect(redirectParams(again, redirectUri).get('code')).toBeTruthy();
  });

  it('a first-party client skips consent; a loopback redirect may use any port (RFC 8252 §7.3)', async () => {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    const pkce = pkcePair();
    const loopback = 'http://127.0.0.1:49152/native-callback';
    const answer = await browser.get(authorizePath({ response_type: 'code', client_id: 'own-cli', redirect_uri: loopback, scope: 'openid', state: 's', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    expect(answer.status).toBe(302);
    const code = redirectParams(answer, loopback).get('code')!;
    const tokens = await http.form('/oauth/token', { grant_type: 'authorization_code', client_id: 'own-cli', code, redirect_uri: loopback, code_verifier: pkce.verifier });
    expect(tokens.status, tokens.text).toBe(200);
    expect(tokens.body.refresh_token).toBeUndefined();
    expect(tokens.body.id_token).toEqual(expect.any(String));
  });

  describe('refusals', () => {
    it('a missing PKCE challenge → redirect with invalid_request, state and iss', async () => {
      const browser = new Browser(server.baseUrl);
      await browser.logIn(account);
      const params = redirectParams(await browser.get(request({ challenge: '' }, { code_challenge: undefined, code_challenge_method: undefined })), redirectUri);
      expect(Object.fromEntries(params)).toMatchObject({ error: 'invalid_request', state: 'st-1', iss: issuer });
      expect(params.get('code')).toBeNull();
    });

    it('a plain PKCE challenge → redirect with invalid_request (RFC 9700 §2.1.1)', async () => {
      const browser = new Browser(server.baseUrl);
      const verifier = pkcePair().verifier;
      const params = redirectParams(await browser.get(request({ challenge: verifier }, { code_challenge_method: 'plain' })), redirectUri);
      expect(Object.fromEntries(params)).toMatchObject({ error: 'invalid_request', state: 'st-1', iss: issuer });
    });

    it('a wrong verifier → invalid_grant', async () => {
      const { code } = await authorizeWithConsent();
      expectOAuthError(await redeem(code, pkcePair().verifier), 400, 'invalid_grant');
    });

    it('a reused code → invalid_grant, and the first redemption\'s tokens are dead', async () => {
      const { code, pkce } = await authorizeWithConsent();
      const first = await redeem(code, pkce.verifier);
      expect(first.status).toBe(200);
      expectOAuthError(await redeem(code, pkce.verifier), 400, 'invalid_grant');
      const refresh = await http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: first.body.refresh_token }, { basic: { id: 'rp-web', secret: rpSecret } });
      expectOAuthError(refresh, 400, 'invalid_grant');
      const info = await http.get('/oauth/userinfo', { headers: { authorization: `Bearer ${first.body.access_token}` } });
      expect(info.status).toBe(401);
      expect(info.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    });

    it('an unregistered redirect URI → an HTML error page, never a redirect', async () => {
      const browser = new Browser(server.baseUrl);
      await browser.logIn(account);
      for (const uri of ['https://evil.example.test/callback', `${redirectUri}/../evil`, `${redirectUri}?x=1`]) {
        const result = await browser.get(request(pkcePair(), { redirect_uri: uri }));
        expect(result.status, uri).toBe(400);
        expect(result.headers.get('location')).toBeNull();
        expect(result.headers.get('content-type')).toMatch(/^text\/html/);
        expect(result.text).toContain('This sign-in link is not valid');
      }
      const unknownClient = await browser.get(request(pkcePair(), { client_id: 'nobody' }));
      expect(unknownClient.status).toBe(400);
      expect(unknownClient.headers.get('location')).toBeNull();
    });

    it('a mismatched redirect_uri at the token endpoint → invalid_grant', async () => {
      const { code, pkce } = await authorizeWithConsent();
      expectOAuthError(await redeem(code, pkce.verifier, { redirect_uri: 'https://rp.example.test/other' }), 400, 'invalid_grant');
    });

    it('a code presented by another client → invalid_grant', async () => {
      const { code, pkce } = await authorizeWithConsent();
      expectOAuthError(await redeem(code, pkce.verifier, { client_id: 'rp-other' }, {}), 400, 'invalid_grant');
    });

    it('a missing code is invalid_request; a malformed one invalid_grant', async () => {
      expectOAuthError(await http.form('/oauth/token', { grant_type: 'authorization_code', redirect_uri: redirectUri }, { basic: { id: 'rp-web', secret: rpSecret } }), 400, 'invalid_request');
      expectOAuthError(await redeem('not.a.code', pkcePair().verifier), 400, 'invalid_grant');
    });

    it('prompt=none without a session → redirect with login_required', async () => {
      const params = redirectParams(await new Browser(server.baseUrl).get(request(pkcePair(), { prompt: 'none' })), redirectUri);
      expect(Object.fromEntries(params)).toMatchObject({ error: 'login_required', state: 'st-1', iss: issuer });
    });

    it('consent denied → 303 with access_denied, state and iss', async () => {
      const browser = new Browser(server.baseUrl);
      await browser.logIn(account);
      const consent = await browser.get(request(pkcePair(), { client_id: 'rp-other', prompt: 'consent' }));
      expect(consent.status).toBe(200);
      const answer = await browser.post('/oauth/authorize/consent', Browser.consentFields(consent.text, 'deny'));
      expect(answer.status).toBe(303);
      expect(Object.fromEntries(redirectParams(answer, redirectUri))).toMatchObject({ error: 'access_denied', state: 'st-1', iss: issuer });
    });

    it('a consent answer without the session\'s CSRF token changes nothing', async () => {
      const browser = new Browser(server.baseUrl);
      await browser.logIn(account);
      const consent = await browser.get(request(pkcePair(), { client_id: 'rp-other', prompt: 'consent' }));
      const fields = Browser.consentFields(consent.text, 'allow');
      const answer = await browser.post('/oauth/authorize/consent', { ...fields, csrf_token: 'forged' });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('location')).toBeNull();
    });

    it('UserInfo without a token, or with a token lacking openid, is refused with a Bearer challenge', async () => {
      const none = await http.get('/oauth/userinfo');
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tessera"');
      const { code, pkce } = await authorizeWithConsent(pkcePair(), { scope: 'email' });
      const tokens = await redeem(code, pkce.verifier);
      expect(tokens.body.id_token).toBeUndefined();
      const info = await http.get('/oauth/userinfo', { headers: { authorization: `Bearer ${tokens.body.access_token}` } });
      expect(info.status).toBe(403);
      expect(info.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    });
  });

  it('discovery: OIDC Discovery and RFC 8414 fields for the code flow', async () => {
    const metadata = (await http.get('/.well-known/openid-configuration')).body;
    expect(metadata).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      userinfo_endpoint: `${issuer}/oauth/userinfo`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public'],
      grant_types_supported: expect.arrayContaining(['authorization_code']),
    });
    const jwks = (await http.get('/.well-known/jwks.json')).body as { keys: { alg: string }[] };
    const published = [...new Set(jwks.keys.map((key) => key.alg))].sort();
    expect(published).toContain('RS256');
    expect([...metadata.id_token_signing_alg_values_supported].sort()).toEqual(published);
    expect([...metadata.tessera_access_token_signing_alg_values_supported].sort()).toEqual(published);
    for (const name of Object.keys(metadata)) expect(name).toMatch(registeredOrExtension);
  });
});

/** RFC 8414 §2, OIDC Discovery §3, RFC 9207, RFC 7009/7662 names; anything else must be `tessera_`. */
const registeredOrExtension = new RegExp(
  `^(tessera_[a-z_]+|${[
    'issuer',
    'authorization_endpoint',
    'token_endpoint',
    'userinfo_endpoint',
    'jwks_uri',
    'revocation_endpoint',
    'introspection_endpoint',
    'grant_types_supported',
    'response_types_supported',
    'response_modes_supported',
    'code_challenge_methods_supported',
    'authorization_response_iss_parameter_supported',
    'subject_types_supported',
    'id_token_signing_alg_values_supported',
    'claims_supported',
    'claims_parameter_supported',
    'request_parameter_supported',
    'request_uri_parameter_supported',
    'token_endpoint_auth_methods_supported',
    'revocation_endpoint_auth_methods_supported',
    'introspection_endpoint_auth_methods_supported',
    'scopes_supported',
    'end_session_endpoint',
    'backchannel_logout_supported',
    'backchannel_logout_session_supported',
    'dpop_signing_alg_values_supported',
  ].join('|')})$`,
);
