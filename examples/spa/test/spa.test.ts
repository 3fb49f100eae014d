import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@tessera/server';
import { freePort, serviceAvailable } from '@tessera/testing';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpa, type RunningSpa } from '../src/spa-server.js';

const hasChromium = await serviceAvailable('chromium');

/**
 * The example as a person uses it, in real Chromium: the app on its own origin, Tessera (default
 * configuration) on another, every OAuth call made by oauth4webapi from the page (cross-origin,
 * so Tessera's CORS is exercised), the API on the app's origin verifying with @tessera/verify.
 */
describe.runIf(hasChromium)('examples/spa in Chromium', () => {
  let tessera: RunningServer;
  let dataDir: string;
  let spa: RunningSpa;
  let browser: Browser;
  const account = { email: `spa-${randomBytes(6).toString('hex')}@example.test`, password: `correct horse ${randomBytes(8).toString('hex')}` };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-example-spa-'));
    tessera = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir }));
    spa = await startSpa({ issuer: tessera.tessera.settings.issuer, clientId: 'photo-spa', apiAudience: 'photos-api', port: 0 });
    // As the README registers it with `tessera clients add`.
    await tessera.tessera.clients.register({
      id: 'photo-spa',
      name: 'Photo SPA',
      type: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'email'],
      audiences: ['photos-api'],
      redirectUris: [`${spa.origin}/callback`],
      postLogoutRedirectUris: [`${spa.origin}/`],
    });
    const signup = await fetch(`${tessera.url}/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
    expect(signup.status).toBe(201);
    browser = await chromium.launch({ executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await spa?.close();
    await tessera?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  const output = async (page: Page): Promise<{ status?: number; body?: { owner?: string } } | null> => JSON.parse((await page.locator('#output').textContent()) ?? 'null') as never;

  it('logs in (code flow + PKCE), calls the API, refreshes, logs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // A missing favicon on Tessera's pages is not the app's problem; anything else is.
      if (message.type() === 'error' && !/status of 404/.test(message.text())) problems.push(message.text());
    });
    const tokenCalls: { method: string; status: number; allowOrigin: string | undefined }[] = [];
    page.on('response', (response) => {
      if (response.url() === `${tessera.url}/oauth/token`) tokenCalls.push({ method: response.request().method(), status: response.status(), allowOrigin: response.headers()['access-control-allow-origin'] });
    });

    await page.goto(spa.origin);
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 15_000 }).toBe('Signed out');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Tessera's hosted pages: login, then consent (a third-party client).
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 15_000 }).toBe(`Signed in as ${account.email}`);
    expect(new URL(page.url()).search).toBe(''); // the code is gone from the address bar

    await page.getByRole('button', { name: 'Call the API' }).click();
    await expect.poll(async () => (await output(page))?.status, { timeout: 15_000 }).toBe(200);
    const owner = (await output(page))?.body?.owner;
    expect(owner).toMatch(/\S/);

    await page.getByRole('button', { name: 'Refresh tokens' }).click();
    await expect.poll(() => page.locator('#output').textContent(), { timeout: 15_000 }).toMatch(/^Tokens refreshed; the access token expires in \d+ s\.$/);
    await page.getByRole('button', { name: 'Call the API' }).click();
    await expect.poll(async () => (await output(page))?.body?.owner, { timeout: 15_000 }).toBe(owner);
    // Code redemption and refresh went cross-origin, and Tessera allowed exactly this origin.
    expect(tokenCalls.filter((call) => call.method === 'POST')).toEqual([
      { method: 'POST', status: 200, allowOrigin: spa.origin },
      { method: 'POST', status: 200, allowOrigin: spa.origin },
    ]);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${spa.origin}/`);
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 15_000 }).toBe('Signed out');
    // The Tessera session ended: its account page sends to the login.
    await page.goto(`${tessera.url}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the API refuses a request without a token, with a Bearer challenge', async () => {
    const response = await fetch(`${spa.origin}/api/photos`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
