import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; never `npx playwright install`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * What a person does with an authorization URL: opens it, signs in on Tessera's hosted login
 * page, answers the consent page when one is shown (`expectConsent`), and lands on the client's
 * redirect URI. Returns the URL the browser ended on, the authorization response.
 */
export async function signInAndAuthorize(page: Page, authorizationUrl: URL, account: { email: string; password: string }, options: { redirectUri: string; expectConsent: boolean; clientName: string }): Promise<URL> {
  await page.goto(authorizationUrl.href);
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.expectConsent) {
    await page.getByRole('heading', { name: `Allow ${options.clientName}?` }).waitFor();
    await page.getByRole('button', { name: 'Allow' }).click();
  }
  await page.waitForURL(`${options.redirectUri}?**`);
  return new URL(page.url());
}

/** Whether the browser still holds a Tessera session: `/account` shows the account or sends to the login. */
export async function hasTesseraSession(page: Page, issuer: string): Promise<boolean> {
  await page.goto(`${issuer}/account`);
  return new URL(page.url()).pathname === '/account';
}
