import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serviceAvailable } from '@tessera/testing';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { desktopChromeUserAgent, launchChromium, screenshot, updateDocsScreenshots, watchedContext } from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');
const docsImages = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));

const email = 'grace@example.com';
const password = 'a long and quite memorable passphrase';

function codeAt(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** Both to test-results and, with TESSERA_UPDATE_SCREENSHOTS=1, to docs/images. */
async function pictures(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  if (updateDocsScreenshots) {
    await mkdir(docsImages, { recursive: true });
    await page.screenshot({ path: `${docsImages}${name}.png`, fullPage: true });
  }
}

/**
 * Two-factor and passkeys in a real Chromium. The server's issuer is `http://127.0.0.1:PORT`, an
 * IP address, so its passkeys belong to `localhost` (relying-party.ts): the pages are opened at
 * `http://localhost:PORT`. Passkeys come from Chromium's virtual authenticator (CDP WebAuthn
 * domain): a platform authenticator with resident keys and user verification. Steps build on
 * each other, in order.
 */
describe.runIf(hasChromium)('two-factor and passkeys in Chromium', () => {
  let server: StartedServer;
  let browser: Browser;
  let laptop: { context: BrowserContext; page: Page; assertClean(): void };
  let secret = '';
  const url = (path: string) => `${server.baseUrl.replace('127.0.0.1', 'localhost')}${path}`;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const watched = await watchedContext(browser, { userAgent: desktopChromeUserAgent(browser) });
    laptop = { ...watched, page: await watched.context.newPage() };
    const cdp = await laptop.context.newCDPSession(laptop.page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }

  it('sets up TOTP from the page: QR code, secret as text, a code, then recovery codes once', async () => {
    const { page } = laptop;
    await page.goto(url('/signup'));
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();

    await page.getByRole('button', { name: 'Set up two-factor' }).click();
    await page.getByRole('heading', { name: 'Set up two-factor authentication' }).waitFor();
    secret = (await page.locator('#totp-secret').getAttribute('data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The QR code is an SVG drawn by this server, loaded under the page CSP.
    const qr = page.locator('img.qr-code');
    const loaded = () => qr.evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number };
      return image.complete && image.naturalWidth > 0;
    });
    await expect.poll(loaded).toBe(true);
    await pictures(page, 'two-factor-setup');

    await page.getByLabel('6-digit code').fill(codeAt(secret));
    await page.getByRole('button', { name: 'Turn on two-factor' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication is on' }).waitFor();
    const codes = await page.locator('.recovery-codes code').allTextContents();
    expect(codes).toHaveLength(10);
    expect(codes.every((code) => /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/.test(code))).toBe(true);
    await pictures(page, 'two-factor-recovery-codes');
    await page.getByRole('link', { name: 'I have saved them' }).click();
    await page.getByRole('heading', { name: 'Two-factor authentication On' }).waitFor();
    laptop.assertClean();
  });

  it('logs out, then logs in with the password and a code from the app', async () => {
    const { page } = laptop;
    await signOut(page);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await pictures(page, 'two-factor-login');
    // The set-up spent the current step; the app's next code is within the accepted window.
    await page.getByLabel('Code').fill(codeAt(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    laptop.assertClean();
  });

  it('adds a passkey on /account with the virtual authenticator and names it', async () => {
    const { page } = laptop;
    await page.getByLabel('Name for the new passkey').fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(url('/account?notice=passkey-added'));
    await page.locator('.device__name', { hasText: 'Work laptop' }).waitFor();
    await pictures(page, 'account-two-factor');
    laptop.assertClean();
  });

  it('logs out, then signs in with the passkey alone', async () => {
    const { page } = laptop;
    await signOut(page);
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
    // The session is real: the JSON API sees it, and the passkey's use was recorded.
    const passkeys = await page.evaluate(async () => (await fetch('/auth/passkeys')).json() as Promise<{ passkeys: { name: string; last_used_at: string | null }[] }>);
    expect(passkeys.passkeys).toEqual([expect.objectContaining({ name: 'Work laptop', last_used_at: expect.any(String) })]);
    laptop.assertClean();
  });
});
