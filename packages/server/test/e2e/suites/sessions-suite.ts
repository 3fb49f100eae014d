import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { logIn, newCredentials, signUp, signUpAndLogIn } from '../support/accounts.js';
import type { GetTarget } from '../support/e2e-target.js';
import { HttpClient, sessionCookieOf } from '../support/http-client.js';

/** docs/http-api.md#sessions: sign-up, login, the session, logout, the device list. */
export function describeSessionsE2E(getTarget: GetTarget): void {
  const http = () => new HttpClient(getTarget().baseUrl);

  describe('POST /auth/signup', () => {
    it('answers 201 {user} without the password hash and without signing in', async () => {
      const credentials = newCredentials();
      const result = await http().json('POST', '/auth/signup', credentials);
      expect(result.status).toBe(201);
      expect(result.body.user).toEqual({ id: expect.any(String), email: credentials.email, created_at: expect.any(String) });
      expect(result.text).not.toContain('argon2');
      expect(sessionCookieOf(result)).toBeUndefined();
    });

    it('refuses a taken email (any case) with a 4xx and changes nothing', async () => {
      const account = await signUp(http());
      const again = await http().json('POST', '/auth/signup', { email: account.email.toUpperCase(), password: `other-${account.password}` });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'email_taken', error: 'email_taken', status: 409 });
      await logIn(http(), account);
      const withSecond = await http().json('POST', '/auth/login', { email: account.email, password: `other-${account.password}` });
      expect(withSecond.status).toBe(401);
    });

    it('refuses a common password with 400 weak_password and a reason', async () => {
      const result = await http().json('POST', '/auth/signup', { email: newCredentials().email, password: 'password1' });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ code: 'weak_password', reason: 'common' });
    });
  });

  describe('POST /auth/login', () => {
    it('answers 200 {user, csrf_token, expires_at} and a __Host- cookie: HttpOnly, Secure, SameSite, Path=/, no Domain, ≥ 128 bits', async () => {
      const account = await signUp(http());
      const { result, session, csrf } = await logIn(http(), account);
      expect(result.body).toEqual({ user: expect.objectContaining({ id: account.userId, email: account.email }), csrf_token: csrf, expires_at: expect.any(String) });
      expect(Date.parse(result.body.expires_at)).toBeGreaterThan(Date.now());
      const cookie = sessionCookieOf(result)!;
      expect(cookie.name).toBe('__Host-tessera_session');
      expect(cookie.attributes.has('httponly')).toBe(true);
      expect(cookie.attributes.has('secure')).toBe(true);
      expect(cookie.attributes.get('samesite')?.toLowerCase()).toMatch(/^(lax|strict)$/);
      expect(cookie.attributes.get('path')).toBe('/');
      expect(cookie.attributes.has('domain')).toBe(false);
      expect(Number(cookie.attributes.get('max-age'))).toBeGreaterThan(0);
      expect(Buffer.from(session, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
      expect(result.headers.get('cache-control')).toBe('no-store');
    });

    it('gives wrong password and unknown email the identical 401 {error:"invalid_credentials"}', async () => {
      const account = await signUp(http());
      const wrong = await http().json('POST', '/auth/login', { email: account.email, password: `${account.password}x` });
      const unknown = await http().json('POST', '/auth/login', { email: newCredentials().email, password: account.password });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_credentials');
      expect(unknown.status).toBe(401);
      expect(unknown.text).toBe(wrong.text);
      expect(sessionCookieOf(wrong)).toBeUndefined();
    });

    it('throttles guessing: after 5 failures for one account the next try is 429 with Retry-After, even with the right password', async () => {
      const account = await signUp(http());
      for (let attempt = 1; attempt <= 5; attempt++) {
        const result = await http().json('POST', '/auth/login', { email: account.email, password: `wrong-${attempt}` });
        expect(result.status, `attempt ${attempt}`).toBe(401);
      }
      const blocked = await http().json('POST', '/auth/login', { email: account.email, password: `wrong-6` });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.body).toMatchObject({ code: 'rate_limited', error: 'rate_limited' });
      const right = await http().json('POST', '/auth/login', account);
      expect(right.status).toBe(429);
      // The same budget guards the password grant.
      const grant = await http().form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password });
      expect(grant.status).toBe(429);
      expect(grant.body.error).toBe('temporarily_unavailable');
      expect(Number(grant.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('a success resets the per-account count', async () => {
      const account = await signUp(http());
      for (let round = 0; round < 2; round++) {
        for (let attempt = 1; attempt <= 4; attempt++) {
          expect((await http().json('POST', '/auth/login', { email: account.email, password: 'not-it-at-all' })).status).toBe(401);
        }
        await logIn(http(), account);
      }
    });
  });

  describe('GET /auth/session and POST /auth/logout', () => {
    it('GET /auth/session answers {user, session, csrf_token} with the cookie and 401 without', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().get('/auth/session', { session: user.session });
      expect(result.status).toBe(200);
      expect(result.body.user).toMatchObject({ id: user.userId, email: user.email });
      expect(result.body.session).toMatchObject({ id: expect.any(String), current: true });
      expect(result.body.csrf_token).toBe(user.csrf);
      expect(result.text).not.toContain(user.session);
      expect((await http().get('/auth/session')).status).toBe(401);
      expect((await http().get('/auth/session', { session: randomBytes(32).toString('base64url') })).status).toBe(401);
    });

    it('logout answers 204, clears the cookie, and the session is dead server-side', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().json('POST', '/auth/logout', undefined, { session: user.session, csrf: user.csrf });
      expect(result.status).toBe(204);
      expect(sessionCookieOf(result)?.value).toBe('');
      expect((await http().get('/auth/session', { session: user.session })).status).toBe(401);
      expect((await http().get('/api/me', { session: user.session })).status).toBe(401);
      expect((await http().json('POST', '/auth/logout', undefined, { session: user.session, csrf: user.csrf })).status).toBe(401);
    });
  });

  describe('GET/DELETE /auth/sessions', () => {
    it('lists the user\'s sessions with id, current, created_at, last_seen_at, user_agent, ip', async () => {
      const account = await signUp(http());
      const laptop = await logIn(http(), account, { userAgent: 'e2e-laptop' });
      await logIn(http(), account, { userAgent: 'e2e-phone' });
      const result = await http().get('/auth/sessions', { session: laptop.session });
      expect(result.status).toBe(200);
      expect(result.body.sessions).toHaveLength(2);
      for (const session of result.body.sessions) {
        expect(session).toMatchObject({ id: expect.any(String), current: expect.any(Boolean), user_agent: expect.any(String) });
        expect(new Date(session.created_at).toISOString()).toBe(session.created_at);
        expect(new Date(session.last_seen_at).toISOString()).toBe(session.last_seen_at);
        expect(session).toHaveProperty('ip');
      }
      const current = result.body.sessions.filter((s: { current: boolean }) => s.current);
      expect(current).toHaveLength(1);
      expect(current[0].user_agent).toBe('e2e-laptop');
      expect(result.text).not.toContain(laptop.session);
      expect((await http().get('/auth/sessions')).status).toBe(401);
    });

    it('DELETE /auth/sessions/:id ends another device at once; another user\'s session is a 404', async () => {
      const account = await signUp(http());
      const laptop = await logIn(http(), account, { userAgent: 'e2e-laptop' });
      const phone = await logIn(http(), account, { userAgent: 'e2e-phone' });
      const list = await http().get('/auth/sessions', { session: laptop.session });
      const phoneId = list.body.sessions.find((s: { user_agent: string }) => s.user_agent === 'e2e-phone').id as string;

      const stranger = await signUpAndLogIn(http());
      const foreign = await http().json('DELETE', `/auth/sessions/${phoneId}`, undefined, { session: stranger.session, csrf: stranger.csrf });
      expect(foreign.status).toBe(404);
      expect((await http().get('/auth/session', { session: phone.session })).status).toBe(200);

      const result = await http().json('DELETE', `/auth/sessions/${phoneId}`, undefined, { session: laptop.session, csrf: laptop.csrf });
      expect(result.status).toBe(204);
      expect((await http().get('/auth/session', { session: phone.session })).status).toBe(401);
      expect((await http().get('/auth/session', { session: laptop.session })).status).toBe(200);
    });

    it('DELETE /auth/sessions ends every session but the current one', async () => {
      const account = await signUp(http());
      const keep = await logIn(http(), account);
      const others = [await logIn(http(), account), await logIn(http(), account)];
      const result = await http().json('DELETE', '/auth/sessions', undefined, { session: keep.session, csrf: keep.csrf });
      expect(result.status).toBe(204);
      for (const other of others) expect((await http().get('/auth/session', { session: other.session })).status).toBe(401);
      const list = await http().get('/auth/sessions', { session: keep.session });
      expect(list.body.sessions).toHaveLength(1);
      expect(list.body.sessions[0].current).toBe(true);
    });
  });

  describe('session fixation (ASVS 5.0 V7.2.4)', () => {
    it('a cookie planted before login is not the one after, and the planted value stays unauthenticated', async () => {
      const account = await signUp(http());
      const planted = randomBytes(32).toString('base64url');
      const { session } = await logIn(http(), account, { session: planted });
      expect(session).not.toBe(planted);
      expect((await http().get('/auth/session', { session: planted })).status).toBe(401);
      expect((await http().get('/api/me', { session: planted })).status).toBe(401);
      expect((await http().get('/auth/session', { session })).status).toBe(200);
    });

    it("an attacker's own live session planted in the victim's browser is ended, never upgraded to the victim", async () => {
      const attacker = await signUpAndLogIn(http());
      const victim = await signUp(http());
      const { session } = await logIn(http(), victim, { session: attacker.session });
      expect(session).not.toBe(attacker.session);
      const planted = await http().get('/api/me', { session: attacker.session });
      expect(planted.status).toBe(401);
      const own = await http().get('/api/me', { session });
      expect(own.body).toMatchObject({ sub: victim.userId, auth: 'session' });
    });
  });
}
