import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPagesApp, csrfTokenIn, deviceSignOutActions, firefoxOnWindows, PageClient, password, type PagesApp } from '../support/page-client.js';

const newPassword = 'a brand new passphrase for ada';

describe('/account', () => {
  let pages: PagesApp;
  let laptop: PageClient;
  let desktop: PageClient;

  beforeEach(async () => {
    pages = await buildPagesApp();
    laptop = new PageClient(pages.app);
    await laptop.signUp('ada@example.com');
    desktop = new PageClient(pages.app, firefoxOnWindows);
    await desktop.logIn('ada@example.com');
  });
  afterEach(() => pages.close());

  it('sends a browser without a session to /login, from / too', async () => {
    const stranger = new PageClient(pages.app);
    expect((await stranger.get('/account')).headers.location).toBe('/login');
    expect((await stranger.get('/')).headers.location).toBe('/login');
    expect((await laptop.get('/')).headers.location).toBe('/account');
  });

  it('lists every device with browser, OS, IP, last activity and which one is this one', async () => {
    const page = (await laptop.get('/account')).body;
    expect(page).toContain('2 devices.');
    expect(page).toMatch(/<li class="device device--current">[\s\S]*?Chrome 131 on Linux <span class="badge">This device<\/span>[\s\S]*?127\.0\.0\.1 · Active now/);
    expect(page).toMatch(/Firefox 133 on Windows<\/p>\s*<p class="device__meta">127\.0\.0\.1 · Active <time datetime="[^"]+" title="[^"]+ UTC" data-relative>just now<\/time>/);
    // One sign-out button per other device, whose accessible name says which device.
    expect(deviceSignOutActions(page)).toHaveLength(1);
    expect(page).toContain('Sign out<span class="visually-hidden"> Firefox 133 on Windows, 127.0.0.1</span>');
    expect(page).toContain('Sign out everywhere else');
  });

  it('signs one other device out; that device lands on /login at its next navigation', async () => {
    const page = (await laptop.get('/account')).body;
    const [action] = deviceSignOutActions(page);
    const response = await laptop.post(action ?? '', { csrf_token: csrfTokenIn(page) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account?notice=device-signed-out');
    const next = await desktop.get('/account');
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe('/login?notice=session-ended');
    expect(desktop.sessionCookie).toBeUndefined();
    expect((await laptop.get('/account')).body).toContain('Only this device.');
  });

  it("cannot sign out another user's session (nothing changes)", async () => {
    const mallory = new PageClient(pages.app);
    await mallory.signUp('mallory@example.com');
    const laptopSessionId = (await pages.tessera.sessions.list((await pages.tessera.accounts.findByEmail('ada@example.com'))!.id))[0]!.id;
    const page = (await mallory.get('/account')).body;
    const response = await mallory.post(`/account/sessions/${laptopSessionId}/sign-out`, { csrf_token: csrfTokenIn(page) });
    expect(response.statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(200);
    expect((await desktop.get('/account')).statusCode).toBe(200);
  });

  it('signs out everywhere else', async () => {
    const page = (await laptop.get('/account')).body;
    const response = await laptop.post('/account/sessions/sign-out-others', { csrf_token: csrfTokenIn(page) });
    expect(response.headers.location).toBe('/account?notice=others-signed-out');
    expect((await desktop.get('/account')).headers.location).toBe('/login?notice=session-ended');
    expect((await laptop.get('/account')).statusCode).toBe(200);
  });

  it('changes the password: other sessions and every refresh-token family end, this browser stays signed in on a new session', async () => {
    const grant = await pages.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', username: 'ada@example.com', password }).toString(),
    });
    expect(grant.statusCode).toBe(200);
    const refreshToken = grant.json<{ refresh_token: string }>().refresh_token;
    const oldCookie = laptop.sessionCookie;

    const page = (await laptop.get('/account')).body;
    const response = await laptop.post('/account/password', { csrf_token: csrfTokenIn(page), current_password: password, new_password: newPassword });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account?notice=password-changed');

    expect(laptop.sessionCookie).toBeDefined();
    expect(laptop.sessionCookie).not.toBe(oldCookie);
    expect((await pages.tessera.sessions.authenticate(oldCookie ?? ''))).toBeNull();
    const after = await laptop.get(response.headers.location ?? '');
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Your password has been changed.');
    expect(after.body).toContain('Only this device.');

    expect((await desktop.get('/account')).headers.location).toBe('/login?notice=session-ended');
    const refresh = await pages.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
    });
    expect(refresh.statusCode).toBe(400);
    expect(refresh.json<{ error: string }>().error).toBe('invalid_grant');

    expect((await new PageClient(pages.app).logIn('ada@example.com', password)).statusCode).toBe(401);
    expect((await new PageClient(pages.app).logIn('ada@example.com', newPassword)).statusCode).toBe(303);
  });

  it('re-renders the password form on a wrong current password or a weak new one, changing nothing', async () => {
    let page = (await laptop.get('/account')).body;
    const wrong = await laptop.post('/account/password', { csrf_token: csrfTokenIn(page), current_password: 'not it at all', new_password: newPassword });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('<title>Error: Your account – Tessera</title>');
    expect(wrong.body).toMatch(/<input id="current_password"[^>]*aria-describedby="current_password-error" aria-invalid="true" autofocus>/);
    expect(wrong.body).toContain('Your current password is incorrect.');

    page = (await laptop.get('/account')).body;
    const weak = await laptop.post('/account/password', { csrf_token: csrfTokenIn(page), current_password: password, new_password: 'password' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toMatch(/<input id="new_password"[^>]*aria-invalid="true" autofocus>/);
    expect((await desktop.get('/account')).statusCode).toBe(200);
    expect((await new PageClient(pages.app).logIn('ada@example.com', password)).statusCode).toBe(303);
  });

  it('signs out: the session dies server-side and the browser lands on /login', async () => {
    const page = (await laptop.get('/account')).body;
    const cookie = laptop.sessionCookie ?? '';
    const response = await laptop.post('/logout', { csrf_token: csrfTokenIn(page) });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login?notice=signed-out');
    expect(laptop.sessionCookie).toBeUndefined();
    expect(await pages.tessera.sessions.authenticate(cookie)).toBeNull();
  });
});
