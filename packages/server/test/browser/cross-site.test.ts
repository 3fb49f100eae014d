import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceAvailable } from '@tessera/testing';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { launchChromium, screenshot } from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');

const email = 'victim@example.com';
const password = 'correct horse battery staple';
const attackerPassword = 'attacker chosen passphrase';

/**
 * The attacker's site: a second HTTP server on another port of 127.0.0.1, serving pages that
 * auto-submit forms to Tessera. Another port is another ORIGIN but the same SITE, so SameSite=Lax
 * does not hold the victim's session cookie back: only the Origin check and the CSRF token stand
 * between these forms and the account. (`<meta name="referrer" content="no-referrer">` makes
 * Chromium send `Origin: null`, the other shape a cross-origin post can take.)
 */
function attackerSite(tessera: string): Promise<{ server: Server; origin: string }> {
  const autoSubmit = (action: string, fields: Record<string, string>, head = '') => `<!doctype html>
<html><head><meta charset="utf-8">${head}<title>You won a prize</title></head><body>
<h1>Claiming your prize…</h1>
<form id="attack" method="post" action="${tessera}${action}">
${Object.entries(fields)
  .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
  .join('\n')}
</form>
<script>document.getElementById('attack').submit();</script>
</body></html>`;
  const pages: Record<string, string> = {
    '/logout': autoSubmit('/logout', { csrf_token: 'guessed' }),
    '/logout-no-referrer': autoSubmit('/logout', {}, '<meta name="referrer" content="no-referrer">'),
    '/change-password': autoSubmit('/account/password', { current_password: password, new_password: attackerPassword, csrf_token: '' }),
    '/sign-out-others': autoSubmit('/account/sessions/sign-out-others', {}),
    '/login-csrf': autoSubmit('/login', { email: 'attacker@example.com', password: attackerPassword }),
    '/frame': `<!doctype html><html><body><iframe id="victim" src="${tessera}/account" width="800" height="600"></iframe></body></html>`,
  };
  const server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

describe.runIf(hasChromium)('cross-site form posts in Chromium', () => {
  let tessera: StartedServer;
  let attacker: { server: Server; origin: string };
  let browser: Browser;
  let victim: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    tessera = await startTestServer();
    attacker = await attackerSite(tessera.baseUrl);
    await tessera.tessera.accounts.signUp('attacker@example.com', attackerPassword);
    browser = await launchChromium();
    victim = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    page = await victim.newPage();
    await page.goto(`${tessera.baseUrl}/signup`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    // A second device, so "sign out everywhere else" would have something to end.
    const phone = await browser.newContext();
    const phonePage = await phone.newPage();
    await phonePage.goto(`${tessera.baseUrl}/login`);
    await phonePage.getByLabel('Email address').fill(email);
    await phonePage.getByLabel('Password', { exact: true }).fill(password);
    await phonePage.getByRole('button', { name: 'Sign in' }).click();
    await phonePage.getByRole('heading', { name: 'Your account' }).waitFor();
    await phone.close();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.server.close(resolve));
    await tessera?.close();
  });

  /** Opens the attacker's page and returns Tessera's answer to the form it auto-submits. */
  async function attack(path: string, target: string): Promise<Response> {
    const answer = page.waitForResponse((response) => response.url() === `${tessera.baseUrl}${target}` && response.request().method() === 'POST');
    await page.goto(`${attacker.origin}${path}`);
    return answer;
  }

  async function expectStillSignedIn(devices: number): Promise<void> {
    await page.goto(`${tessera.baseUrl}/account`);
    expect(new URL(page.url()).pathname).toBe('/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await page.locator('.device').count()).toBe(devices);
  }

  it.each([
    ['/logout', '/logout', 'http://127.0.0.1'],
    ['/logout-no-referrer', '/logout', 'null'],
    ['/sign-out-others', '/account/sessions/sign-out-others', 'http://127.0.0.1'],
    ['/change-password', '/account/password', 'http://127.0.0.1'],
  ])('the attacker page %s cannot post to %s: 403, and the session survives', async (path, target, originPrefix) => {
    const response = await attack(path, target);
    expect(response.status()).toBe(403);
    const sent = await response.request().allHeaders();
    expect(sent.origin).toBe(originPrefix === 'null' ? 'null' : attacker.origin);
    // Same site: the browser did attach the victim's session cookie. SameSite did not stop this one.
    expect(sent.cookie ?? '').toContain('__Host-tessera_session=');
    await page.getByRole('heading', { name: 'Request refused' }).waitFor();
    await screenshot(page, `cross-site${path.replaceAll('/', '-')}`);
    await expectStillSignedIn(2);
  });

  it('left the password unchanged', async () => {
    await expect(tessera.tessera.accounts.authenticate(email, password)).resolves.toMatchObject({ email });
    await expect(tessera.tessera.accounts.authenticate(email, attackerPassword)).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it("cannot sign the victim into the attacker's account (login CSRF)", async () => {
    const response = await attack('/login-csrf', '/login');
    expect(response.status()).toBe(403);
    await expectStillSignedIn(2);
    expect(await page.getByText(`Signed in as ${email}`).count()).toBe(1);
  });

  it('cannot frame the account page (clickjacking)', async () => {
    const answer = page.waitForResponse((response) => response.url() === `${tessera.baseUrl}/account`);
    await page.goto(`${attacker.origin}/frame`);
    const response = await answer;
    // The server answered the framed request (the same-site cookie went along) and forbade the framing.
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForLoadState('load');
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(frame?.url()).not.toBe(`${tessera.baseUrl}/account`);
    const framedText = frame ? await frame.locator('body').innerText({ timeout: 2000 }).catch(() => '') : '';
    expect(framedText).not.toContain('Your account');
    await screenshot(page, 'cross-site-frame');
  });
});
