import { afterEach, describe, expect, it } from 'vitest';
import { newCredentials } from '../e2e/support/accounts.js';
import { HttpClient, parseSetCookie, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

function created(results: HttpResult[]): number {
  return results.filter((result) => result.status === 201).length;
}

describe('audit finding 9: signup is unthrottled', () => {
  let server: StartedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a parallel burst of signups from one IP creates at most the per-IP limit; the rest are 429 problems with Retry-After, no account made', async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_SIGNUPS_PER_IP_PER_HOUR: '3' } });
    const http = new HttpClient(server.baseUrl);
    const accounts = Array.from({ length: 12 }, () => newCredentials());
    const results = await Promise.all(accounts.map((account) => http.json('POST', '/auth/signup', account)));
    expect(created(results)).toBe(3);
    for (const refused of results.filter((r) => r.status !== 201)) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited', error: 'rate_limited' });
    }
    const made = await Promise.all(accounts.map((account) => server!.tessera.accounts.findByEmail(account.email)));
    expect(made.filter((user) => user !== null)).toHaveLength(3);
  });

  it('a global limit holds across client IPs', async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_SIGNUPS_PER_HOUR: '4', TESSERA_TRUST_PROXY: '127.0.0.1' } });
    const http = new HttpClient(server.baseUrl);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => http.json('POST', '/auth/signup', newCredentials(), { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })),
    );
    expect(created(results)).toBe(4);
    expect(results.filter((r) => r.status === 429)).toHaveLength(6);
  });

  it('the hosted /signup form shares the per-IP budget and shows a friendly error with Retry-After', async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_SIGNUPS_PER_IP_PER_HOUR: '2' } });
    const http = new HttpClient(server.baseUrl);
    for (let i = 0; i < 2; i++) expect((await http.json('POST', '/auth/signup', newCredentials())).status).toBe(201);
    const page = await http.get('/signup');
    const cookie = page.setCookies.map(parseSetCookie).find((c) => c.name.includes('csrf'))!;
    const token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const account = newCredentials();
    const refused = await http.form(
      '/signup',
      { email: account.email, password: account.password, csrf_token: token },
      { headers: { cookie: `${cookie.name}=${cookie.value}`, origin: new URL(server.baseUrl).origin } },
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refused.text).toMatch(/Too many sign-ups from your network\. Try again in \d+ (seconds|minutes)\./);
    expect(await server.tessera.accounts.findByEmail(account.email)).toBeNull();
  });
});
