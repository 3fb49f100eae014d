import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { csrfTokenIn } from '../pages/support/page-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

describe('audit finding 10: the email address and the current password are refused as passwords', () => {
  let server: StartedServer;
  let http: HttpClient;
  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
  });
  afterAll(() => server.close());

  function expectProblem(result: HttpResult, reason: string): void {
    expect(result.status, result.text).toBe(400);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ code: 'weak_password', error: 'weak_password', reason });
  }

  /** The account page's password form, posted as the browser would (session cookie, its CSRF token, this Origin). */
  async function changePassword(session: string, current: string, next: string): Promise<HttpResult> {
    const page = await http.get('/account', { session });
    expect(page.status).toBe(200);
    return http.form(
      '/account/password',
      { csrf_token: csrfTokenIn(page.text), current_password: current, new_password: next },
      { session, headers: { origin: new URL(server.config.issuer).origin }, redirect: 'manual' },
    );
  }

  it('POST /auth/signup refuses the full email address as the password (any case) with 400 weak_password', async () => {
    const { email } = newCredentials();
    expectProblem(await http.json('POST', '/auth/signup', { email, password: email }), 'contains_email');
    expectProblem(await http.json('POST', '/auth/signup', { email, password: email.toUpperCase() }), 'contains_email');
    // Nothing was created: the same email signs up with a proper password.
    expect((await http.json('POST', '/auth/signup', { email, password: 'a fine password 42' })).status).toBe(201);
  });

  it('the account page refuses a new password equal to the current one, with a clear message, and changes nothing', async () => {
    const account = await signUp(http);
    const { session } = await logIn(http, account);
    const result = await changePassword(session, account.password, account.password);
    expect(result.status).toBe(422);
    expect(result.headers.get('content-type')).toMatch(/^text\/html/);
    expect(result.text).toContain('Your new password must be different from your current one.');
    expect(result.text).toMatch(/<input id="new_password"[^>]*aria-invalid="true"/);
    // Not "changed": the session lives on (a change would have ended it and sent a 303).
    expect((await http.get('/auth/session', { session })).status).toBe(200);
    await logIn(http, account);
  });

  it('the account page refuses the full email address as the new password', async () => {
    const account = await signUp(http);
    const { session } = await logIn(http, account);
    const result = await changePassword(session, account.password, account.email);
    expect(result.status).toBe(422);
    expect(result.text).toContain('Password must not be your email address.');
    await logIn(http, account);
  });
});
