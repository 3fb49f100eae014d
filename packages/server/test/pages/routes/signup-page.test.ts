import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPagesApp, csrfTokenIn, PageClient, password, type PagesApp } from '../support/page-client.js';

describe('/signup', () => {
  let pages: PagesApp;
  beforeEach(async () => {
    pages = await buildPagesApp();
  });
  afterEach(() => pages.close());

  it('creates the account, signs the browser in and lands on /account with a welcome', async () => {
    const browser = new PageClient(pages.app);
    const response = await browser.signUp('Grace@Example.com');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account?notice=welcome');
    const account = await browser.get(response.headers.location ?? '');
    expect(account.body).toContain('Welcome! Your account is ready and you are signed in.');
    expect(account.body).toContain('Signed in as <strong>grace@example.com</strong>');
    expect(await pages.tessera.accounts.findByEmail('grace@example.com')).not.toBeNull();
  });

  it('describes the password rules with a hint tied to the field', async () => {
    const page = (await new PageClient(pages.app).get('/signup')).body;
    expect(page).toContain('<p class="hint" id="password-hint">At least 8 characters.');
    expect(page).toMatch(/<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-hint">/);
  });

  it('re-renders a weak password with the policy reason, keeping the email but not the password', async () => {
    const response = await new PageClient(pages.app).signUp('grace@example.com', 'short');
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Password must be at least 8 characters.');
    expect(response.body).toMatch(/<input id="password"[^>]*aria-describedby="password-hint password-error" aria-invalid="true" autofocus>/);
    expect(response.body).toContain('value="grace@example.com"');
    expect(response.body).not.toContain('value="short"');
    expect(await pages.tessera.accounts.findByEmail('grace@example.com')).toBeNull();
  });

  it('says a taken email is taken and changes nothing', async () => {
    await new PageClient(pages.app).signUp('grace@example.com');
    const before = await pages.tessera.accounts.findByEmail('grace@example.com');
    const response = await new PageClient(pages.app).signUp('grace@example.com', 'another fine passphrase');
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('An account with this email address already exists.');
    expect(await pages.tessera.accounts.findByEmail('grace@example.com')).toEqual(before);
  });

  it('explains a malformed email', async () => {
    const response = await new PageClient(pages.app).signUp('not-an-email');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter an email address like name@example.com.');
  });

  it('needs the pre-session CSRF token', async () => {
    const browser = new PageClient(pages.app);
    await browser.get('/signup');
    const response = await browser.post('/signup', { email: 'grace@example.com', password });
    expect(response.statusCode).toBe(403);
    expect(await pages.tessera.accounts.findByEmail('grace@example.com')).toBeNull();
  });

  it('honours a local ?next= after sign-up, and only a local one', async () => {
    const browser = new PageClient(pages.app);
    const form = await browser.get('/signup?next=%2Fapp%2Fwelcome');
    const response = await browser.post('/signup', { csrf_token: csrfTokenIn(form.body), email: 'grace@example.com', password, next: '/app/welcome' });
    expect(response.headers.location).toBe('/app/welcome');
    const other = new PageClient(pages.app);
    const otherForm = await other.get('/signup');
    const hostile = await other.post('/signup', { csrf_token: csrfTokenIn(otherForm.body), email: 'linus@example.com', password, next: '//evil.example' });
    expect(hostile.headers.location).toBe('/account?notice=welcome');
  });
});
