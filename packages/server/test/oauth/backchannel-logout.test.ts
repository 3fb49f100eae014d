import { backchannelLogoutEvent } from '@tessera/core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { LogoutReceiver } from './support/logout-receiver.js';
import { authorizePath, Browser, pkcePair, redirectParams } from './support/code-flow.js';

const redirectUri = 'https://rp.example.test/callback';

/** Issue 11: OIDC Back-Channel Logout 1.0 over real HTTP (SQLite): a logout token for each way a session ends. */
describe('back-channel logout (SQLite, real HTTP)', () => {
  let server: StartedServer;
  let http: HttpClient;
  let issuer: string;
  const receiver = new LogoutReceiver();

  beforeAll(async () => {
    await receiver.start();
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    issuer = server.config.issuer;
    const common = { type: 'public' as const, grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'offline_access'], audiences: [issuer], redirectUris: [redirectUri], firstParty: true };
    await server.tessera.clients.register({ ...common, id: 'rp-bcl', name: 'Back-channel RP', backchannelLogoutUri: receiver.url, idTokenSignedResponseAlg: 'ES256' });
    await server.tessera.clients.register({ ...common, id: 'rp-quiet', name: 'RP without back-channel' });
  });
  afterAll(async () => {
    await server?.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });

  async function loginAt(clientId: string, browser: Browser, scope = 'openid') {
    const pkce = pkcePair();
    const answer = await browser.get(authorizePath({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const code = redirectParams(answer, redirectUri).get('code')!;
    const tokens = await http.form('/oauth/token', { grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri, code_verifier: pkce.verifier });
    expect(tokens.status, tokens.text).toBe(200);
    const claims = JSON.parse(Buffer.from((tokens.body.id_token as string).split('.')[1]!, 'base64url').toString()) as { sid: string; sub: string };
    return { ...claims, idToken: tokens.body.id_token as string };
  }

  async function signedIn() {
    const account = await signUp(http, newCredentials());
    const browser = new Browser(server.baseUrl);
    await browser.logIn(account);
    return { account, browser };
  }

  /** Verifies a logout token as an RP must (Back-Channel Logout §2.6). */
  async function verifyLogoutToken(token: string | null) {
    expect(token).toEqual(expect.any(String));
    const { payload, protectedHeader } = await jwtVerify(token!, createRemoteJWKSet(new URL(`${server.baseUrl}/.well-known/jwks.json`)), {
      issuer,
      audience: 'rp-bcl',
      typ: 'logout+jwt',
      algorithms: ['ES256'],
      requiredClaims: ['iat', 'exp', 'jti'],
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.events).toEqual({ [backchannelLogoutEvent]: {} });
    expect(payload).not.toHaveProperty('nonce');
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(120);
    return payload;
  }

  it('discovery says back-channel logout with sid is supported', async () => {
    const metadata = (await http.get('/.well-known/openid-configuration')).body;
    expect(metadata).toMatchObject({ backchannel_logout_supported: true, backchannel_logout_session_supported: true });
  });

  it('RP-initiated logout: one form-encoded logout token whose sid and sub are the ID token\'s; the RP without a URI gets nothing', async () => {
    const { browser } = await signedIn();
    const login = await loginAt('rp-bcl', browser);
    await loginAt('rp-quiet', browser);
    const result = await browser.get(`/oauth/logout?id_token_hint=${login.idToken}`);
    expect(result.status).toBe(302);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.contentType).toBe('application/x-www-form-urlencoded');
    const payload = await verifyLogoutToken(delivery!.logoutToken);
    expect(payload).toMatchObject({ sid: login.sid, sub: login.sub });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
  });

  it('a device signed out from the account page, and a password change (every other session)', async () => {
    const { account, browser } = await signedIn();
    const other = new Browser(server.baseUrl);
    await other.logIn(account);
    const first = await loginAt('rp-bcl', other);
    const sessions = await browser.http.get('/auth/sessions', { session: browser.session! });
    const target = (sessions.body.sessions as { id: string; kind: string; current: boolean }[]).find((session) => session.kind === 'session' && !session.current)!;
    const revoked = await browser.http.json('DELETE', `/auth/sessions/${target.id}`, undefined, { session: browser.session!, csrf: browser.csrf! });
    expect(revoked.status, revoked.text).toBe(204);
    expect(await verifyLogoutToken((await receiver.waitFor(1))[0]!.logoutToken)).toMatchObject({ sid: first.sid });

    const third = new Browser(server.baseUrl);
    await third.logIn(account);
    const second = await loginAt('rp-bcl', third, 'openid offline_access');
    await server.tessera.changePassword(account.userId, account.password, `${account.password}-new!`, browser.session === undefined ? undefined : (await server.tessera.sessions.authenticate(browser.session))!.id);
    // offline_access keeps the refresh family, but the RP's session ended: it is told all the same.
    expect(await verifyLogoutToken((await receiver.waitFor(2))[1]!.logoutToken)).toMatchObject({ sid: second.sid });
  });

  it('a disabled account', async () => {
    const { account, browser } = await signedIn();
    const login = await loginAt('rp-bcl', browser);
    await server.tessera.disableUser(account.userId);
    expect(await verifyLogoutToken((await receiver.waitFor(1))[0]!.logoutToken)).toMatchObject({ sid: login.sid, sub: account.userId });
  });

  it('an RP that fails is retried with back-off; /metrics counts the attempts', async () => {
    const { browser } = await signedIn();
    const login = await loginAt('rp-bcl', browser);
    receiver.statuses.push(503);
    const started = Date.now();
    const result = await browser.get(`/oauth/logout?id_token_hint=${login.idToken}`);
    // The logout answered before the RP's failure was known: delivery never blocks it.
    expect(result.status).toBe(302);
    const [failed, retried] = await receiver.waitFor(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await verifyLogoutToken(failed!.logoutToken);
    const payload = await verifyLogoutToken(retried!.logoutToken);
    expect(payload.sid).toBe(login.sid);
    // Signed per attempt: a retry carries its own jti.
    expect(retried!.logoutToken).not.toBe(failed!.logoutToken);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const metrics = (await http.get('/metrics')).text;
    expect(metrics).toMatch(/tessera_backchannel_logout_total\{outcome="retried"\} [1-9]/);
    expect(metrics).toMatch(/tessera_backchannel_logout_total\{outcome="delivered"\} [1-9]/);
  });
});
