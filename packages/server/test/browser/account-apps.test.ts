import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceAvailable } from '@tessera/store-contract';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { launchChromium, screenshot } from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');

function relyingParty(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Callback</title><p id="reached">callback reached</p>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * Issue 11: /account lists the apps that hold the user's consent or refresh families, and "Remove
 * access" (a CSRF-protected form) forgets the consent and revokes the app's tokens. In Chromium,
 * on the hosted pages, with a third-party app that went through the consent page.
 */
describe.runIf(hasChromium)('account page in Chromium: apps with access', () => {
  let tessera: StartedServer;
  let rp: { server: Server; origin: string };
  let browser: Browser;
  let http: HttpClient;
  let account: { email: string; password: string };

  beforeAll(async () => {
    tessera = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(tessera.baseUrl);
    rp = await relyingParty();
    await tessera.tessera.clients.register({ id: 'photo-prints', name: 'Photo Prints', type: 'public', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'email'], audiences: [tessera.config.issuer], redirectUris: [`${rp.origin}/callback`] });
    account = await signUp(http, newCredentials());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => rp?.server.close(resolve));
    await tessera?.close();
  });

  /** Through the hosted login and, when `expectConsent`, the consent page, to the client's callback. */
  async function authorizeInBrowser(page: Page, expectConsent: boolean): Promise<{ code: string; verifier: string }> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({ response_type: 'code', client_id: 'photo-prints', redirect_uri: `${rp.origin}/callback`, scope: 'openid email', code_challenge: challenge, code_challenge_method: 'S256' });
    await page.goto(`${tessera.baseUrl}/oauth/authorize?${query.toString()}`);
    if (await page.getByLabel('Email address').isVisible()) {
      await page.getByLabel('Email address').fill(account.email);
      await page.getByLabel('Password', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
    if (expectConsent) {
      await expect.poll(() => page.getByRole('heading', { name: 'Allow Photo Prints?' }).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Allow' }).click();
    }
    await page.waitForURL((url) => url.origin === rp.origin);
    return { code: new URL(page.url()).searchParams.get('code')!, verifier };
  }

  it('lists the app with its scopes; "Remove access" revokes its tokens and forgets the consent', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { code, verifier } = await authorizeInBrowser(page, true);
    const tokens = await http.form('/oauth/token', { grant_type: 'authorization_code', client_id: 'photo-prints', code, redirect_uri: `${rp.origin}/callback`, code_verifier: verifier });
    expect(tokens.status, tokens.text).toBe(200);

    await page.goto(`${tessera.baseUrl}/account`);
    const section = page.getByRole('region', { name: 'Apps with access' });
    await expect.poll(() => section.isVisible()).toBe(true);
    const text = await section.innerText();
    expect(text).toContain('Photo Prints');
    expect(text).toContain('See your email address');
    await screenshot(page, 'account-apps');

    await section.getByRole('button', { name: /Remove access/ }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(await page.getByText('The app’s access has been removed').isVisible()).toBe(true);
    expect(await page.getByRole('region', { name: 'Apps with access' }).count()).toBe(0);

    // Its refresh family and its live access token are dead.
    const refreshed = await http.form('/oauth/token', { grant_type: 'refresh_token', client_id: 'photo-prints', refresh_token: tokens.body.refresh_token as string });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    const userinfo = await http.get('/oauth/userinfo', { headers: { authorization: `Bearer ${tokens.body.access_token as string}` } });
    expect(userinfo.status).toBe(401);

    // The consent is forgotten: the next authorization asks again.
    await authorizeInBrowser(page, true);
    await context.close();
  });

  it('the form is CSRF-protected: a post without the session\'s token is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The consent the first test gave again is remembered: no consent page this time.
    await authorizeInBrowser(page, false);
    await page.goto(`${tessera.baseUrl}/account`);
    const status = await page.evaluate(async () => {
      const response = await fetch('/account/apps/photo-prints/withdraw', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf_token=forged' });
      return response.status;
    });
    expect(status).toBe(403);
    await page.reload();
    expect(await page.getByRole('region', { name: 'Apps with access' }).innerText()).toContain('Photo Prints');
    await context.close();
  });
});
