import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPagesApp, csrfTokenIn, ownOrigin, PageClient, password, type PagesApp } from '../support/page-client.js';

describe('/login', () => {
  let pages: PagesApp;
  beforeEach(async () => {
    pages = await buildPagesApp({ TESSERA_LOGIN_FAILURES_PER_ACCOUNT_IP: '3' });
    await new PageClient(pages.app).signUp('ada@example.com');
  });
  afterEach(() => pages.close());

  it('renders an accessible form that works without JavaScript', async () => {
    const response = await new PageClient(pages.app).get('/login');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = response.body;
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<form method="post" action="\/login" novalidate>/);
    expect(page).toContain('<label for="email">Email address</label>');
    expect(page).toContain('<label for="password">Password</label>');
    expect(page).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password" required>/);
    expect(page).toMatch(/<header[^>]*>[\s\S]*<main id="main"[\s\S]*<footer/);
  });

  it('signs in and sends the browser on with 303 and a fresh session cookie', async () => {
    const browser = new PageClient(pages.app);
    const response = await browser.logIn('ada@example.com');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account');
    expect(browser.sessionCookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(browser.cookies.has('__Host-tessera_csrf')).toBe(false);
    expect((await browser.get('/account')).body).toContain('Signed in as <strong>ada@example.com</strong>');
  });

  it('gives the same generic error for a wrong password and an unknown email, keeps the email, never the password', async () => {
    const wrongPassword = await new PageClient(pages.app).logIn('ada@example.com', 'not my password at all');
    const unknownEmail = await new PageClient(pages.app).logIn('nobody@example.com', 'not my password at all');
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('<title>Error: Sign in – Tessera</title>');
      expect(response.body).toContain('<p class="error-summary__message" id="form-error">Invalid email or password.</p>');
      expect(response.body).not.toContain('not my password at all');
      // The password field is the one in error, described by the message, and focused.
      expect(response.body).toMatch(/<input id="password"[^>]*aria-describedby="form-error" aria-invalid="true" autofocus>/);
    }
    const normalise = (page: string) => page.replace(/value="[^"]*"/g, 'value=""');
    expect(normalise(wrongPassword.body)).toBe(normalise(unknownEmail.body));
    expect(wrongPassword.body).toContain('value="ada@example.com"');
  });

  it('ties field errors to their fields and focuses the first', async () => {
    const response = await new PageClient(pages.app).submit('/login', '/login', { email: '', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<p class="field-error" id="email-error"><span class="visually-hidden">Error: </span>Enter your email address.</p>');
    expect(response.body).toMatch(/<input id="email"[^>]*aria-describedby="email-error" aria-invalid="true" autofocus>/);
    expect(response.body).toMatch(/<input id="password"[^>]*aria-describedby="password-error" aria-invalid="true">/);
    expect(response.body).toContain('<a href="#email">Enter your email address.</a>');
  });

  it('escapes what it re-renders', async () => {
    const response = await new PageClient(pages.app).submit('/login', '/login', { email: '"><script>alert(1)</script>', password: 'x' });
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('shares the throttle of /auth/login: failures on the page lock the JSON endpoint too, with Retry-After', async () => {
    const browser = new PageClient(pages.app);
    for (let attempt = 0; attempt < 3; attempt++) expect((await browser.logIn('ada@example.com', 'wrong password here')).statusCode).toBe(401);
    const locked = await browser.logIn('ada@example.com');
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toContain('Too many attempts. Try again in');
    expect(browser.sessionCookie).toBeUndefined();
    const json = await pages.app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'ada@example.com', password } });
    expect(json.statusCode).toBe(429);
  });

  it('refuses a post without the pre-session CSRF token, or with a token from another browser, and signs nobody in', async () => {
    const browser = new PageClient(pages.app);
    await browser.get('/login');
    const missing = await browser.post('/login', { email: 'ada@example.com', password });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('This form had expired, so nothing was sent.');
    const other = new PageClient(pages.app);
    const foreignToken = csrfTokenIn((await other.get('/login')).body);
    const mixed = await browser.post('/login', { email: 'ada@example.com', password, csrf_token: foreignToken });
    expect(mixed.statusCode).toBe(403);
    expect(browser.sessionCookie).toBeUndefined();
    // Without any cookie (a cross-site attacker's form, if the Origin check were absent) the token alone is useless.
    const cookieless = await pages.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ownOrigin },
      payload: new URLSearchParams({ email: 'ada@example.com', password, csrf_token: foreignToken }).toString(),
    });
    expect(cookieless.statusCode).toBe(403);
    expect(cookieless.cookies.some((c) => c.name === '__Host-tessera_session')).toBe(false);
  });

  it('refuses a JSON body (forms only)', async () => {
    const response = await pages.app.inject({ method: 'POST', url: '/login', headers: { origin: ownOrigin }, payload: { email: 'ada@example.com', password } });
    expect(response.statusCode).toBe(415);
  });

  it('ends a session planted before login (fixation)', async () => {
    const attacker = new PageClient(pages.app);
    await attacker.logIn('ada@example.com');
    const planted = attacker.sessionCookie ?? '';
    const victim = new PageClient(pages.app);
    const form = await victim.get('/login');
    victim.cookies.set('__Host-tessera_session', planted);
    expect((await victim.post('/login', { csrf_token: csrfTokenIn(form.body), email: 'ada@example.com', password })).statusCode).toBe(303);
    expect(victim.sessionCookie).not.toBe(planted);
    expect((await attacker.get('/account')).statusCode).toBe(303);
  });

  it('sends a signed-in visitor of /login straight on', async () => {
    const browser = new PageClient(pages.app);
    await browser.logIn('ada@example.com');
    const response = await browser.get('/login?next=%2Faccount%3Ftab%3D1');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account?tab=1');
  });

  it('shows notices only from a fixed list (nothing from the URL is reflected)', async () => {
    const browser = new PageClient(pages.app);
    expect((await browser.get('/login?notice=signed-out')).body).toContain('<div class="notice" role="status">You have signed out.</div>');
    const made_up = await browser.get('/login?notice=%3Cb%3Epwned%3C%2Fb%3E');
    expect(made_up.body).not.toContain('pwned');
    expect(made_up.body).not.toContain('class="notice"');
  });
});

describe('?next=', () => {
  let pages: PagesApp;
  beforeEach(async () => {
    pages = await buildPagesApp();
    await new PageClient(pages.app).signUp('ada@example.com');
  });
  afterEach(() => pages.close());

  const loginWithNext = async (next: string) => {
    const browser = new PageClient(pages.app);
    const form = await browser.get(`/login?next=${encodeURIComponent(next)}`);
    return { form, response: await browser.post('/login', { csrf_token: csrfTokenIn(form.body), email: 'ada@example.com', password, next }) };
  };

  it('carries a local path through the form and redirects there', async () => {
    const { form, response } = await loginWithNext('/account?tab=devices');
    expect(form.body).toContain('<input type="hidden" name="next" value="/account?tab=devices">');
    expect(response.headers.location).toBe('/account?tab=devices');
  });

  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/\t/evil.example',
    '/%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%252F%252Fevil.example',
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
  ])('ignores %j and lands on /account', async (next) => {
    const { form, response } = await loginWithNext(next);
    expect(form.body).not.toContain('name="next"');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account');
  });
});
