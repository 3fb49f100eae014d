import { describe, expect, it } from 'vitest';
import { newCredentials, signUpAndLogIn } from '../support/accounts.js';
import type { GetTarget } from '../support/e2e-target.js';
import { HttpClient } from '../support/http-client.js';

/**
 * docs/http-api.md#csrf-and-origins: every unsafe request authenticated by the session cookie needs `X-CSRF-Token`, and
 * any unsafe request whose `Origin` (or `Referer`) names another origin is refused with 403.
 */
export function describeCsrfE2E(getTarget: GetTarget): void {
  const http = () => new HttpClient(getTarget().baseUrl);
  const stillSignedIn = async (session: string) => expect((await http().get('/auth/session', { session })).status).toBe(200);

  describe('CSRF token on cookie-authenticated unsafe requests', () => {
    it('refuses logout without X-CSRF-Token (403) and the session survives', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().json('POST', '/auth/logout', undefined, { session: user.session });
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ code: 'csrf_failed', status: 403 });
      await stillSignedIn(user.session);
    });

    it('refuses a wrong token, and the token of another session', async () => {
      const user = await signUpAndLogIn(http());
      const other = await signUpAndLogIn(http());
      for (const csrf of ['wrong', other.csrf, `${user.csrf}x`, '']) {
        const result = await http().json('DELETE', '/auth/sessions', undefined, { session: user.session, csrf });
        expect(result.status, JSON.stringify(csrf)).toBe(403);
      }
      await stillSignedIn(user.session);
    });

    it('accepts the right token (from login or from GET /auth/session)', async () => {
      const user = await signUpAndLogIn(http());
      const fromSession = (await http().get('/auth/session', { session: user.session })).body.csrf_token as string;
      expect((await http().json('DELETE', '/auth/sessions', undefined, { session: user.session, csrf: fromSession })).status).toBe(204);
      expect((await http().json('POST', '/auth/logout', undefined, { session: user.session, csrf: user.csrf })).status).toBe(204);
    });
  });

  describe('Origin / Referer check on every unsafe request', () => {
    it('refuses a foreign Origin even with the right CSRF token', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().json('POST', '/auth/logout', undefined, { session: user.session, csrf: user.csrf, headers: { origin: 'https://evil.example' } });
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ code: 'origin_refused' });
      await stillSignedIn(user.session);
    });

    it('refuses a foreign Referer when there is no Origin', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().json('POST', '/auth/logout', undefined, {
        session: user.session,
        csrf: user.csrf,
        headers: { referer: 'https://evil.example/page?x=1' },
      });
      expect(result.status).toBe(403);
      await stillSignedIn(user.session);
    });

    it('treats Origin: null as foreign', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().json('POST', '/auth/logout', undefined, { session: user.session, csrf: user.csrf, headers: { origin: 'null' } });
      expect(result.status).toBe(403);
    });

    it('refuses cross-origin login and sign-up too (login CSRF), before touching the body', async () => {
      const credentials = newCredentials();
      const signup = await http().json('POST', '/auth/signup', credentials, { headers: { origin: 'https://evil.example' } });
      expect(signup.status).toBe(403);
      const login = await http().json('POST', '/auth/login', credentials, { headers: { origin: 'https://evil.example' } });
      expect(login.status).toBe(403);
      const token = await http().form('/oauth/token', { grant_type: 'password', username: credentials.email, password: credentials.password }, { headers: { origin: 'https://evil.example' } });
      expect(token.status).toBe(403);
      expect(token.body.error).toBe('access_denied');
      // Nothing was created by the refused sign-up.
      expect((await http().json('POST', '/auth/signup', credentials)).status).toBe(201);
    });

    it('accepts the server\'s own origin in Origin and in Referer', async () => {
      const own = new URL(getTarget().baseUrl).origin;
      const user = await signUpAndLogIn(http());
      const viaReferer = await http().json('DELETE', '/auth/sessions', undefined, { session: user.session, csrf: user.csrf, headers: { referer: `${own}/account` } });
      expect(viaReferer.status).toBe(204);
      const viaOrigin = await http().json('POST', '/auth/logout', undefined, { session: user.session, csrf: user.csrf, headers: { origin: own } });
      expect(viaOrigin.status).toBe(204);
    });

    it('leaves safe methods alone', async () => {
      const user = await signUpAndLogIn(http());
      const result = await http().get('/auth/session', { session: user.session, headers: { origin: 'https://evil.example' } });
      expect(result.status).toBe(200);
    });
  });
}
