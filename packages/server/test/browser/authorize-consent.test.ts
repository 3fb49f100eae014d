import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceAvailable } from '@tessera/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { launchChromium, screenshot } from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');

/** The relying party: another origin, whose callback page just shows that it was reached. */
function relyingParty(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>Callback</title><p id="reached">${request.url?.startsWith('/callback') ? 'callback reached' : 'other'}</p>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/**
 * Issue 11's browser trap: CSP3 checks `form-action` on every redirect a form submission follows,
 * so with `form-action 'self'` alone Chromium blocks the consent (or login) form's last hop to the
 * client. These pass only if the hosted pages allow exactly that redirect.
 */
describe.runIf(hasChromium)('authorization endpoint in Chromium: the form redirect chain reaches the client', () => {
  let tessera: StartedServer;
  let rp: { server: Server; origin: string };
  let browser: Browser;
  let account: { email: string; password: string };

  beforeAll(async () => {
    tessera = await startTestServer({ store: 'sqlite' });
    rp = await relyingParty();
    const base = { scopes: ['openid', 'email'], audiences: [tessera.config.issuer], type: 'public' as const, grantTypes: ['authorization_code'], redirectUris: [`${rp.origin}/callback`] };
    await tessera.tessera.clients.register({ ...base, id: 'spa-third-party', name: 'Third-party SPA' });
    await tessera.tessera.clients.register({ ...base, id: 'spa-first-party', name: 'Own SPA', firstParty: true });
    account = await signUp(new HttpClient(tessera.baseUrl), newCredentials());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => rp?.server.close(resolve));
    await tessera?.close();
  });

  function authorizeUrl(clientId: string): string {
    const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: `${rp.origin}/callback`, scope: 'openid email', state: 'browser-state', code_challenge: challenge, code_challenge_method: 'S256' });
    return `${tessera.baseUrl}/oauth/authorize?${query.toString()}`;
  }

  async function logIn(page: Page): Promise<void> {
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  function expectCallback(page: Page): void {
    const url = new URL(page.url());
    expect(url.origin).toBe(rp.origin);
    expect(url.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBe('browser-state');
    expect(url.searchParams.get('iss')).toBe(tessera.config.issuer);
  }

  it('third-party client: login, consent page, Allow → the client callback', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(authorizeUrl('spa-third-party'));
    await logIn(page);
    await expect.poll(() => page.getByRole('heading', { name: 'Allow Third-party SPA?' }).isVisible()).toBe(true);
    await screenshot(page, 'consent');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`${rp.origin}/callback**`);
    expectCallback(page);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('first-party client: the login form itself redirects on to the client', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(authorizeUrl('spa-first-party'));
    await logIn(page);
    await page.waitForURL(`${rp.origin}/callback**`);
    expectCallback(page);
    await context.close();
  });
});
