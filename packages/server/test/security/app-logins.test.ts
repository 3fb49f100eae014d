import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, refresh, signUp, signUpAndLogIn, type TokenPair } from '../e2e/support/accounts.js';
import { sessionCookieName } from '../../src/security/session-cookie.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { csrfTokenIn } from '../pages/support/page-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

interface SessionRow {
  id: string;
  kind: 'session' | 'app';
  current: boolean;
  client: { id: string; name: string } | null;
}

/**
 * Audit finding 8: `DELETE /auth/sessions` ended only browser sessions; refresh families from the
 * password grant lived on, and nobody could see them. App logins are listed next to browser
 * sessions (API and `/account`), and ending one revokes its family and its live access tokens.
 */
describe('audit finding 8: "sign out everywhere else" misses app logins', () => {
  let server: StartedServer;
  let http: HttpClient;

  const list = async (session: string): Promise<SessionRow[]> => {
    const result = await http.get('/auth/sessions', { session });
    expect(result.status, result.text).toBe(200);
    return result.body.sessions as SessionRow[];
  };
  /** The app login is over: its refresh token is refused and its access token too. */
  const expectEnded = async (pair: TokenPair) => {
    expect((await http.get('/api/me', { headers: { authorization: `Bearer ${pair.access_token}` } })).status).toBe(401);
    expect((await refresh(http, pair.refresh_token)).status).toBe(400);
  };
  const expectLive = async (pair: TokenPair) => {
    expect((await http.get('/api/me', { headers: { authorization: `Bearer ${pair.access_token}` } })).status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('GET /auth/sessions lists app logins (kind "app", with the client) next to browser sessions (kind "session", client null)', async () => {
    const account = await signUp(http);
    const browser = await logIn(http, account, { userAgent: 'finding-8-browser' });
    const pair = await passwordGrant(http, account);
    // A rotation keeps one app login (the family), not two.
    const rotated = await refresh(http, pair.refresh_token);
    expect(rotated.status).toBe(200);

    const rows = await list(browser.session);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.kind === 'session')).toMatchObject({ current: true, client: null, user_agent: 'finding-8-browser' });
    const app = rows.find((row) => row.kind === 'app');
    expect(app).toMatchObject({ id: expect.any(String), current: false, client: { id: 'tessera', name: 'Tessera first-party client' }, user_agent: null, ip: null });
    const appRow = app as unknown as Record<string, string>;
    expect(new Date(appRow.created_at!).toISOString()).toBe(appRow.created_at);
    expect(new Date(appRow.last_seen_at!).toISOString()).toBe(appRow.last_seen_at);
    expect(JSON.stringify(rows)).not.toContain(pair.refresh_token);
  });

  it('DELETE /auth/sessions/:id ends one app login: its refresh family and its live access tokens; another user\'s is a 404', async () => {
    const account = await signUp(http);
    const browser = await logIn(http, account);
    const [doomed, kept] = [await passwordGrant(http, account), await passwordGrant(http, account)];
    const doomedId = (await list(browser.session)).find((row) => row.kind === 'app' && row.id !== undefined && row.id === sidOf(doomed))!.id;

    const stranger = await signUpAndLogIn(http);
    expect((await http.json('DELETE', `/auth/sessions/${doomedId}`, undefined, { session: stranger.session, csrf: stranger.csrf })).status).toBe(404);
    await expectLive(doomed);

    expect((await http.json('DELETE', `/auth/sessions/${doomedId}`, undefined, { session: browser.session, csrf: browser.csrf })).status).toBe(204);
    await expectEnded(doomed);
    await expectLive(kept);
    expect((await list(browser.session)).filter((row) => row.kind === 'app').map((row) => row.id)).toEqual([sidOf(kept)]);
  });

  it('DELETE /auth/sessions (all but current) ends every app login too', async () => {
    const account = await signUp(http);
    const browser = await logIn(http, account);
    const pairs = [await passwordGrant(http, account), await passwordGrant(http, account)];
    expect((await http.json('DELETE', '/auth/sessions', undefined, { session: browser.session, csrf: browser.csrf })).status).toBe(204);
    for (const pair of pairs) await expectEnded(pair);
    expect(await list(browser.session)).toMatchObject([{ kind: 'session', current: true }]);
  });

  it('/account lists app logins by client name, and its buttons end them', async () => {
    const account = await signUp(http);
    const browser = await logIn(http, account);
    const [one, two] = [await passwordGrant(http, account), await passwordGrant(http, account)];
    const page = await http.get('/account', { session: browser.session });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tessera first-party client');
    expect(page.text).toContain(`action="/account/sessions/${sidOf(one)}/sign-out"`);
    const csrf = csrfTokenIn(page.text);
    // The page's form posts, not following the 303 (fetch would).
    const post = (path: string) =>
      fetch(new URL(path, server.baseUrl), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl, cookie: `${sessionCookieName}=${browser.session}` },
        body: new URLSearchParams({ csrf_token: csrf }).toString(),
      });

    const single = await post(`/account/sessions/${sidOf(one)}/sign-out`);
    expect(single.status).toBe(303);
    expect(single.headers.get('location')).toContain('/account');
    await expectEnded(one);
    await expectLive(two);

    const others = await post('/account/sessions/sign-out-others');
    expect(others.status).toBe(303);
    await expectEnded(two);
    expect((await http.get('/auth/session', { session: browser.session })).status).toBe(200);
  });
});

/** The app login's id is its refresh family's id, the access token's `sid` (docs/http-api.md#sessions). */
function sidOf(pair: TokenPair): string {
  const payload = JSON.parse(Buffer.from(pair.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid: string };
  return payload.sid;
}
