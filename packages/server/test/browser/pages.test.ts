import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serviceAvailable } from '@tessera/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import {
  desktopChromeUserAgent,
  docsScreenshotPath,
  iPhoneSafari,
  launchChromium,
  screenshot,
  updateDocsScreenshots,
  watchedContext,
} from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');

const email = 'ada@example.com';
const firstPassword = 'correct horse battery staple';
const secondPassword = 'a new passphrase, longer still';

/**
 * The hosted pages in a real Chromium against a real server, as two people-devices would use them:
 * a laptop (context A) and a phone (context B), each its own cookie jar. The steps build on each
 * other, in order.
 */
describe.runIf(hasChromium)('hosted pages in Chromium', () => {
  let server: StartedServer;
  let browser: Browser;
  let laptop: { context: BrowserContext; page: Page; assertClean(): void };
  let phone: { context: BrowserContext; page: Page; assertClean(): void };
  const url = (path: string) => `${server.baseUrl}${path}`;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const a = await watchedContext(browser, { userAgent: desktopChromeUserAgent(browser) });
    laptop = { ...a, page: await a.context.newPage() };
    const b = await watchedContext(browser, iPhoneSafari);
    phone = { ...b, page: await b.context.newPage() };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs up (the form works, with its script enhancing it) and lands signed in on /account', async () => {
    const { page } = laptop;
    await page.goto(url('/'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signup');
    // Progressive enhancement ran under the strict CSP: the show-password toggle exists.
    await page.getByRole('button', { name: 'Show password' }).waitFor();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await screenshot(page, '01-signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(page.url()).toBe(url('/account?notice=welcome'));
    expect(await page.getByRole('status').textContent()).toContain('Welcome!');
    await screenshot(page, '02-account-after-signup');
  });

  it('logs out and logs in again', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('You have signed out.');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('shows the generic error for a wrong password, tied to the password field, which gets focus', async () => {
    const { page } = phone;
    await page.goto(url('/login'));
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Invalid email or password.');
    expect(await page.title()).toBe('Error: Sign in – Tessera');
    const passwordField = page.getByLabel('Password', { exact: true });
    expect(await passwordField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('password');
    expect(await passwordField.inputValue()).toBe('');
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    await screenshot(page, '03-login-wrong-password');
  });

  it('logs in from a second browser context', async () => {
    const { page } = phone;
    await page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    await screenshot(page, '04-account-on-phone');
  });

  it('the first context sees both devices and signs the second out, which lands on /login at its next navigation', async () => {
    const { page } = laptop;
    await page.reload();
    const devices = page.getByRole('list').filter({ has: page.locator('.device') }).getByRole('listitem');
    await expect.poll(() => devices.count()).toBe(2);
    expect(await devices.nth(0).textContent()).toMatch(/Chrome \d+ on Linux\s+This device[\s\S]*127\.0\.0\.1 · Active now/);
    expect(await devices.nth(1).textContent()).toMatch(/Safari on iOS[\s\S]*127\.0\.0\.1 · Active just now · Signed in just now/);
    await screenshot(page, '05-account-two-devices');
    if (updateDocsScreenshots) {
      await mkdir(dirname(docsScreenshotPath), { recursive: true });
      await page.screenshot({ path: docsScreenshotPath, fullPage: true });
      console.log(`wrote ${docsScreenshotPath}`);
    }

    await page.getByRole('button', { name: 'Sign out Safari on iOS, 127.0.0.1' }).click();
    await expect.poll(() => page.url()).toBe(url('/account?notice=device-signed-out'));
    expect(await page.getByRole('status').textContent()).toBe('That device has been signed out.');
    await expect.poll(() => devices.count()).toBe(1);

    await phone.page.getByRole('link', { name: 'Tessera' }).click();
    await phone.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(phone.page.url()).toBe(url('/login?notice=session-ended'));
    expect(await phone.page.getByRole('status').textContent()).toBe('Your session has ended. Please sign in again.');
    await screenshot(phone.page, '06-phone-signed-out');
  });

  it('changing the password signs the other context out and keeps this one signed in', async () => {
    await phone.page.getByLabel('Email address').fill(email);
    await phone.page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await phone.page.getByRole('heading', { name: 'Your account' }).waitFor();

    const { page } = laptop;
    await page.reload();
    await page.getByLabel('Current password').fill(firstPassword);
    await page.getByLabel('New password').fill(secondPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.url()).toBe(url('/account?notice=password-changed'));
    expect(await page.getByRole('status').textContent()).toContain('Your password has been changed.');
    expect(await page.locator('.device').count()).toBe(1);
    await screenshot(page, '07-password-changed');

    await phone.page.reload();
    await phone.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(phone.page.url()).pathname).toBe('/login');

    // The old password no longer works; the new one does.
    await phone.page.getByLabel('Email address').fill(email);
    await phone.page.getByLabel('Password', { exact: true }).fill(firstPassword);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await phone.page.getByRole('alert').waitFor();
    await phone.page.getByLabel('Password', { exact: true }).fill(secondPassword);
    await phone.page.getByRole('button', { name: 'Sign in' }).click();
    await phone.page.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  it('logs out: the session dies and /account sends the browser to /login', async () => {
    const { page } = laptop;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toBe(url('/login?notice=signed-out'));
    expect((await laptop.context.cookies()).some((cookie) => cookie.name === '__Host-tessera_session')).toBe(false);
    await page.goto(url('/account'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, '08-signed-out');
  });

  it('broke no Content-Security-Policy rule and threw no script error on any page', () => {
    laptop.assertClean();
    phone.assertClean();
  });
});
