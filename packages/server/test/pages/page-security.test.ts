import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildPagesApp, csrfTokenIn, PageClient, password, type PagesApp } from './support/page-client.js';

const pageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

describe('page security', () => {
  let pages: PagesApp;
  let browser: PageClient;

  beforeAll(async () => {
    pages = await buildPagesApp();
  });
  afterAll(() => pages.close());
  beforeEach(async () => {
    browser = new PageClient(pages.app);
    await browser.signUp(`user-${Math.random().toString(36).slice(2)}@example.com`);
  });

  it.each(['/login', '/signup', '/account'])('%s: strict CSP, no framing, same-origin referrer, no-store, no inline script or style', async (path) => {
    const visitor = path === '/account' ? browser : new PageClient(pages.app);
    const response = await visitor.get(path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(pageCsp);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const page = response.body;
    for (const script of page.match(/<script\b[^>]*>/g) ?? []) expect(script).toMatch(/ src="\/assets\/pages\.[0-9a-f]{12}\.js"/);
    expect(page).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(page).not.toMatch(/<style\b/);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/\son[a-z]+="/);
  });

  it('serves the stylesheet and script under content-hashed, immutable URLs', async () => {
    const page = (await new PageClient(pages.app).get('/login')).body;
    const css = /href="(\/assets\/pages\.[0-9a-f]{12}\.css)"/.exec(page)?.[1] ?? '';
    const js = /src="(\/assets\/pages\.[0-9a-f]{12}\.js)"/.exec(page)?.[1] ?? '';
    for (const [url, type] of [
      [css, 'text/css; charset=utf-8'],
      [js, 'text/javascript; charset=utf-8'],
    ] as const) {
      const response = await pages.app.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await pages.app.inject({ url: '/assets/pages.000000000000.css' })).statusCode).toBe(404);
  });

  describe.each([
    ['/logout', {}],
    ['/account/sessions/sign-out-others', {}],
    ['/account/password', { current_password: password, new_password: 'attacker chosen passphrase' }],
  ])('POST %s', (action, fields: Record<string, string>) => {
    it('is refused (403, HTML) from another origin even with the right CSRF token, and changes nothing', async () => {
      const token = csrfTokenIn((await browser.get('/account')).body);
      for (const origin of ['http://evil.example', 'null', 'http://localhost:8081']) {
        const response = await browser.post(action, { csrf_token: token, ...fields }, { origin });
        expect(response.statusCode).toBe(403);
        expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(response.headers['content-security-policy']).toBe(pageCsp);
        expect(response.body).toContain('Request refused');
      }
      const viaReferer = await browser.post(action, { csrf_token: token, ...fields }, { origin: '', referer: 'http://evil.example/page' });
      expect(viaReferer.statusCode).toBe(403);
      expect((await browser.get('/account')).statusCode).toBe(200);
    });

    it('is refused (403) from this origin without the session CSRF token or with a wrong one, and changes nothing', async () => {
      await browser.get('/account');
      expect((await browser.post(action, fields)).statusCode).toBe(403);
      const other = new PageClient(pages.app);
      await other.signUp(`other-${Math.random().toString(36).slice(2)}@example.com`);
      const othersToken = csrfTokenIn((await other.get('/account')).body);
      const response = await browser.post(action, { csrf_token: othersToken, ...fields });
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('This form has expired');
      expect((await browser.get('/account')).statusCode).toBe(200);
    });
  });

  it('refuses a cross-origin login post (login CSRF)', async () => {
    const visitor = new PageClient(pages.app);
    const token = csrfTokenIn((await visitor.get('/login')).body);
    const response = await visitor.post('/login', { csrf_token: token, email: 'x@example.com', password }, { origin: 'http://evil.example' });
    expect(response.statusCode).toBe(403);
  });
});
