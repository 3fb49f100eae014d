import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceAvailable } from '@tessera/store-contract';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { launchChromium, screenshot } from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');

function relyingParty(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>RP</title><p id="where">${request.url?.startsWith('/logged-out') ? 'logged out page' : 'other'}</p>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * RP-Initiated Logout in Chromium: the "Sign out?" page's form answers with a redirect to the
 * client's post-logout URI, which CSP3 checks against `form-action` (issue 11's browser trap, as
 * for the consent form). The page must allow exactly that origin, and the browser must arrive.
 */
describe.runIf(hasChromium)('RP-initiated logout in Chromium', () => {
  let tessera: StartedServer;
  let rp: { server: Server; origin: string };
  let browser: Browser;
  let account: { email: string; password: string };

  beforeAll(async () => {
    tessera = await startTestServer({ store: 'sqlite' });
    rp = await relyingParty();
    await tessera.tessera.clients.register({
      id: 'photo-prints',
      name: 'Photo Prints',
      type: 'public',
      grantTypes: ['authorization_code'],
      scopes: ['openid'],
      audiences: [tessera.config.issuer],
      redirectUris: [`${rp.origin}/callback`],
      postLogoutRedirectUris: [`${rp.origin}/logged-out`],
      firstParty: true,
    });
    account = await signUp(new HttpClient(tessera.baseUrl), newCredentials());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => rp?.server.close(resolve));
    await tessera?.close();
  });

  it('"Sign out?" → Sign out: the session ends and the browser lands on the client\'s page with state, no CSP violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${tessera.baseUrl}/login`);
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/account');

    const query = new URLSearchParams({ client_id: 'photo-prints', post_logout_redirect_uri: `${rp.origin}/logged-out`, state: 'bye' });
    await page.goto(`${tessera.baseUrl}/oauth/logout?${query.toString()}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign out of Tessera?' }).isVisible()).toBe(true);
    await screenshot(page, 'logout-confirm');
    await page.locator('form[action="/oauth/logout/confirm"]').getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => url.origin === rp.origin);
    expect(new URL(page.url()).pathname).toBe('/logged-out');
    expect(new URL(page.url()).searchParams.get('state')).toBe('bye');
    expect(await page.locator('#where').innerText()).toBe('logged out page');
    expect(violations).toEqual([]);

    await page.goto(`${tessera.baseUrl}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('an unregistered post_logout_redirect_uri shows the error page and stays on Tessera', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const query = new URLSearchParams({ client_id: 'photo-prints', post_logout_redirect_uri: `${rp.origin}/elsewhere` });
    const response = await page.goto(`${tessera.baseUrl}/oauth/logout?${query.toString()}`);
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).origin).toBe(new URL(tessera.baseUrl).origin);
    expect(await page.getByRole('heading', { name: 'This sign-out link is not valid' }).isVisible()).toBe(true);
    await context.close();
  });
});
