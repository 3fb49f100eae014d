import { serviceAvailable } from '@tessera/testing';
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/hosted-pages.js';
import { startRelyingParty, type RelyingParty } from './support/relying-party.js';
import { CLIENTS, startOidcProvider, type OidcProvider } from './support/tessera-provider.js';

const hasChromium = await serviceAvailable('chromium');

/**
 * Issue 11's refusals as a relying party meets them: in Chromium, then through openid-client,
 * which must surface each as the RFC 6749 §4.1.2.1 / OIDC Core §3.1.2.6 error it is.
 */
describe.runIf(hasChromium)('openid-client 6: refusals a relying party sees', () => {
  let rp: RelyingParty;
  let provider: OidcProvider;
  let browser: Browser;
  let config: client.Configuration;

  beforeAll(async () => {
    rp = await startRelyingParty();
    provider = await startOidcProvider(rp);
    browser = await launchChromium();
    config = await client.discovery(new URL(provider.issuer), CLIENTS.public.id, undefined, client.None(), { execute: [client.allowInsecureRequests] });
  });
  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    await rp?.close();
  });

  async function authorizationRequest(extra: Record<string, string> = {}) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: rp.callbackUri,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      ...extra,
    });
    return { url, codeVerifier, state };
  }

  it('consent denied in Chromium → access_denied at the callback, with state and iss', async () => {
    const { url, codeVerifier, state } = await authorizationRequest({ prompt: 'consent' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.href);
    await page.getByLabel('Email address').fill(provider.account.email);
    await page.getByLabel('Password', { exact: true }).fill(provider.account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(`${rp.callbackUri}?**`);
    const grant = client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: codeVerifier, expectedState: state });
    await expect(grant).rejects.toMatchObject({ code: 'OAUTH_AUTHORIZATION_RESPONSE_ERROR', error: 'access_denied' });
    await context.close();
  });

  it('prompt=none without a session → login_required, no login page shown', async () => {
    const { url, codeVerifier, state } = await authorizationRequest({ prompt: 'none' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.href);
    await page.waitForURL(`${rp.callbackUri}?**`);
    const grant = client.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: codeVerifier, expectedState: state });
    await expect(grant).rejects.toMatchObject({ code: 'OAUTH_AUTHORIZATION_RESPONSE_ERROR', error: 'login_required' });
    await context.close();
  });

  it('an unregistered redirect URI → the browser stays on Tessera\'s error page, nothing reaches that URI', async () => {
    const { url } = await authorizationRequest();
    url.searchParams.set('redirect_uri', `${rp.origin}/elsewhere`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const reachedRp: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(rp.origin)) reachedRp.push(request.url());
    });
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).origin).toBe(provider.issuer);
    await expect.poll(() => page.getByRole('heading', { name: 'This sign-in link is not valid' }).isVisible()).toBe(true);
    expect(reachedRp).toEqual([]);
    await context.close();
  });

  it('a wrong PKCE verifier, then the right one: invalid_grant both times (the code is spent)', async () => {
    const { url, codeVerifier, state } = await authorizationRequest();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url.href);
    await page.getByLabel('Email address').fill(provider.account.email);
    await page.getByLabel('Password', { exact: true }).fill(provider.account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${rp.callbackUri}?**`);
    const callback = new URL(page.url());
    for (const pkceCodeVerifier of [client.randomPKCECodeVerifier(), codeVerifier]) {
      await expect(client.authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedState: state })).rejects.toMatchObject({ code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant', status: 400 });
    }
    await context.close();
  });
});
