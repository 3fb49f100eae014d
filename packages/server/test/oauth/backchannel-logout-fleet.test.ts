import { createMemoryStores, MemoryClientStore, type Stores } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { LogoutReceiver } from './support/logout-receiver.js';
import { authorizePath, Browser, pkcePair, redirectParams } from './support/code-flow.js';

const redirectUri = 'https://rp.example.test/callback';

/**
 * Back-Channel Logout with two instances on one set of stores (sessions, refresh families, keys
 * and the revocation bus shared; each instance hears every revocation event): the RP is told once,
 * by the instance that ended the session, not once per instance.
 */
describe('back-channel logout across two instances', () => {
  const receiver = new LogoutReceiver();
  const shared: Stores = createMemoryStores();
  let a: StartedServer;
  let b: StartedServer;

  beforeAll(async () => {
    await receiver.start();
    // Each harness registers its own service client, so each gets a client store of its own.
    const start = () => startTestServer({ wrapStores: () => ({ ...shared, clients: new MemoryClientStore() }) });
    [a, b] = await Promise.all([start(), start()]);
    for (const instance of [a, b]) {
      await instance.tessera.clients.register({ id: 'rp-fleet', name: 'Fleet RP', type: 'public', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid'], audiences: [instance.config.issuer, a.config.issuer], redirectUris: [redirectUri], backchannelLogoutUri: receiver.url, firstParty: true });
    }
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await receiver.close();
  });

  it('a session started on A and ended on B: one logout token', async () => {
    const account = await signUp(new HttpClient(a.baseUrl), newCredentials());
    const browser = new Browser(a.baseUrl);
    await browser.logIn(account);
    const pkce = pkcePair();
    const answer = await browser.get(authorizePath({ response_type: 'code', client_id: 'rp-fleet', redirect_uri: redirectUri, scope: 'openid', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const code = redirectParams(answer, redirectUri).get('code')!;
    const tokens = await new HttpClient(a.baseUrl).form('/oauth/token', { grant_type: 'authorization_code', client_id: 'rp-fleet', code, redirect_uri: redirectUri, code_verifier: pkce.verifier });
    expect(tokens.status, tokens.text).toBe(200);

    // Signed out through instance B (the same cookie: the sessions are shared).
    const onB = new HttpClient(b.baseUrl);
    const logout = await onB.json('POST', '/auth/logout', undefined, { session: browser.session!, csrf: browser.csrf! });
    expect(logout.status, logout.text).toBe(204);
    await receiver.waitFor(1);
    // Long enough for a second instance's delivery to have arrived, had one been sent.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(1);
  });
});
