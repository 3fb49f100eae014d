import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { authorizePath, Browser, pkcePair, redirectParams } from './support/code-flow.js';

const redirectUri = 'https://rp.example.test/callback';

/**
 * Issue 11's refusals beyond authorization-code-flow.test.ts: the PKCE shapes RFC 7636 and
 * RFC 9700 refuse, `prompt=none` with a session but no consent (OIDC Core §3.1.2.6), and the
 * token-endpoint bindings that must spend the code even when they fail (RFC 6749 §4.1.3, §10.5).
 */
describe('authorization code refusals (SQLite, real HTTP)', () => {
  let server: StartedServer;
  let http: HttpClient;
  let issuer: string;
  const secrets: Record<string, string> = {};
  let account: { email: string; password: string };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    issuer = server.config.issuer;
    const base = { scopes: ['openid', 'email'], type: 'confidential' as const, grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [redirectUri] };
    for (const id of ['rp-one', 'rp-two']) secrets[id] = (await server.tessera.clients.register({ ...base, id, name: id })).secret!;
    secrets['rp-own'] = (await server.tessera.clients.register({ ...base, id: 'rp-own', name: 'Own site', firstParty: true })).secret!;
    account = await signUp(http, newCredentials());
  });
  afterAll(async () => {
    await server?.close();
  });

  const request = (overrides: Record<string, string | undefined>) =>
    authorizePath({ response_type: 'code', client_id: 'rp-one', redirect_uri: redirectUri, scope: 'openid email', state: 'st-r', code_challenge: pkcePair().challenge, code_challenge_method: 'S256', ...overrides });

  const signedIn = async () => {
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    return browser;
  };

  const redeem = (clientId: string, fields: Record<string, string>) =>
    http.form('/oauth/token', { grant_type: 'authorization_code', redirect_uri: redirectUri, ...fields }, { basic: { id: clientId, secret: secrets[clientId]! } });

  /** A code for the first-party client `rp-own` (no consent page), with its verifier. */
  async function ownCode(browser: Browser): Promise<{ code: string; verifier: string }> {
    const pkce = pkcePair();
    const answer = await browser.get(request({ client_id: 'rp-own', code_challenge: pkce.challenge }));
    return { code: redirectParams(answer, redirectUri).get('code')!, verifier: pkce.verifier };
  }

  function expectRedirectError(result: HttpResult, error: string): void {
    expect(Object.fromEntries(redirectParams(result, redirectUri))).toEqual({ error, error_description: expect.any(String), state: 'st-r', iss: issuer });
  }

  function expectInvalidGrant(result: HttpResult): void {
    expect(result.status, result.text).toBe(400);
    expect(result.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
  }

  describe('PKCE at the authorization endpoint: S256 or nothing, sent back as invalid_request', () => {
    it.each([
      ['no method (RFC 7636 §4.3 would default to plain)', { code_challenge_method: undefined }],
      ['method in another case', { code_challenge_method: 's256' }],
      ['a challenge too short for S256', { code_challenge: 'A'.repeat(42) }],
      ['a challenge with characters outside base64url', { code_challenge: `${'A'.repeat(42)}=` }],
      ['a challenge sent twice', { code_challenge: undefined }, `&code_challenge=${pkcePair().challenge}&code_challenge=${pkcePair().challenge}`],
    ] as [string, Record<string, string | undefined>, string?][])('%s', async (_name, overrides, extra = '') => {
      const browser = await signedIn();
      expectRedirectError(await browser.get(`${request(overrides)}${extra}`), 'invalid_request');
    });
  });

  it('a response_type other than code (implicit, hybrid) → unsupported_response_type (OAuth 2.1 §4.1.1)', async () => {
    const browser = await signedIn();
    for (const responseType of ['token', 'id_token', 'code id_token']) expectRedirectError(await browser.get(request({ response_type: responseType })), 'unsupported_response_type');
  });

  it('prompt=none with a session but no consent yet → consent_required (OIDC Core §3.1.2.6); a first-party client gets its code', async () => {
    const browser = await signedIn();
    expectRedirectError(await browser.get(request({ prompt: 'none' })), 'consent_required');
    const own = await browser.get(request({ client_id: 'rp-own', prompt: 'none' }));
    expect(own.status).toBe(302);
    expect(redirectParams(own, redirectUri).get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  describe('a failed redemption still spends the code: it never works afterwards, even with the right bindings', () => {
    it('no code_verifier at all → invalid_grant (RFC 7636 §4.6)', async () => {
      const { code, verifier } = await ownCode(await signedIn());
      expectInvalidGrant(await redeem('rp-own', { code }));
      expectInvalidGrant(await redeem('rp-own', { code, code_verifier: verifier }));
    });

    it('a verifier that is not an RFC 7636 verifier (too short) → invalid_grant', async () => {
      const { code, verifier } = await ownCode(await signedIn());
      expectInvalidGrant(await redeem('rp-own', { code, code_verifier: verifier.slice(0, 42) }));
    });

    it('another confidential client, correctly authenticated, presenting the code → invalid_grant; the rightful client then fails too', async () => {
      const browser = await signedIn();
      const pkce = pkcePair();
      const consent = await browser.get(request({ code_challenge: pkce.challenge }));
      expect(consent.status).toBe(200);
      const answer = await browser.post('/oauth/authorize/consent', Browser.consentFields(consent.text, 'allow'));
      const code = redirectParams(answer, redirectUri).get('code')!;
      expectInvalidGrant(await redeem('rp-two', { code, code_verifier: pkce.verifier }));
      expectInvalidGrant(await redeem('rp-one', { code, code_verifier: pkce.verifier }));
    });

    it('a mismatched redirect_uri → invalid_grant; the right one afterwards fails too', async () => {
      const { code, verifier } = await ownCode(await signedIn());
      expectInvalidGrant(await redeem('rp-own', { code, code_verifier: verifier, redirect_uri: `${redirectUri}/` }));
      expectInvalidGrant(await redeem('rp-own', { code, code_verifier: verifier }));
    });
  });
});
