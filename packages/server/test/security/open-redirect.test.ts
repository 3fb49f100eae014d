import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp, signUpAndLogIn } from '../e2e/support/accounts.js';
import { HttpClient, parseSetCookie, type HttpResult } from '../e2e/support/http-client.js';
import { csrfTokenIn } from '../pages/support/page-client.js';
import { openRedirectVariants as variants } from '../pages/support/open-redirect-variants.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';


describe('audit finding 2: open redirect via dot segments', () => {
  let server: StartedServer;
  let http: HttpClient;
  let session: string;
  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    session = (await signUpAndLogIn(http)).session;
  });
  afterAll(() => server.close());

  /** The browser's view of a redirect: where it goes must be this origin, and not scheme-relative. */
  function expectLocalRedirect(result: HttpResult, next: string): void {
    expect(result.status, `${JSON.stringify(next)}: ${result.text.slice(0, 200)}`).toBe(303);
    const location = result.headers.get('location') ?? '';
    expect(location, JSON.stringify(next)).toMatch(/^\//);
    expect(location, JSON.stringify(next)).not.toMatch(/^\/[/\\]/);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not appear
    expect(location, JSON.stringify(next)).not.toMatch(/[\u0000-\u001f\\]/);
    expect(new URL(location, server.config.issuer).origin, `${JSON.stringify(next)} → ${location}`).toBe(new URL(server.config.issuer).origin);
  }

  /** GET a form page, then post it as a browser would: its pre-session cookie, its token, this Origin. */
  async function postForm(page: '/login' | '/signup', fields: Record<string, string>): Promise<HttpResult> {
    const form = await http.get(page);
    const cookie = form.setCookies
      .map(parseSetCookie)
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
    return http.form(page, { csrf_token: csrfTokenIn(form.text), ...fields }, { headers: { cookie, origin: new URL(server.config.issuer).origin }, redirect: 'manual' });
  }

  for (const page of ['/login', '/signup'] as const) {
    it(`GET ${page}?next=… when already signed in stays on this origin`, async () => {
      for (const next of variants) {
        expectLocalRedirect(await http.get(`${page}?next=${encodeURIComponent(next)}`, { session, redirect: 'manual' }), next);
      }
    });
  }

  it('POST /login with next=… stays on this origin', async () => {
    const account = await signUp(http);
    for (const next of variants) {
      expectLocalRedirect(await postForm('/login', { email: account.email, password: account.password, next }), next);
    }
  });

  it('POST /signup with next=… stays on this origin', async () => {
    for (const next of variants) {
      const account = newCredentials();
      expectLocalRedirect(await postForm('/signup', { email: account.email, password: account.password, next }), next);
    }
  });

  it('still follows a plain local next', async () => {
    const result = await http.get(`/login?next=${encodeURIComponent('/account?tab=devices')}`, { session, redirect: 'manual' });
    expect(result.status).toBe(303);
    expect(result.headers.get('location')).toBe('/account?tab=devices');
  });
});
