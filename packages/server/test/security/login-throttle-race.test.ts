import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, serviceAvailable } from '@tessera/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer, type RunningServer } from '../../src/serve.js';
import { newCredentials, signUp, type Credentials } from '../e2e/support/accounts.js';
import { HttpClient, parseSetCookie, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

/** Status counts of a burst, e.g. `{"401": 4, "429": 36}`. */
function tally(results: HttpResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return counts;
}

/** Requests that reached the password check (anything but 429), and every 429 carries Retry-After. */
function checked(results: HttpResult[]): number {
  for (const result of results.filter((r) => r.status === 429)) expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
  return results.filter((result) => result.status !== 429).length;
}

/** The hosted form's pre-session CSRF cookie and token, as a browser gets them from GET /login. */
async function loginForm(http: HttpClient): Promise<{ cookie: string; token: string }> {
  const page = await http.get('/login');
  const cookie = page.setCookies.map(parseSetCookie).find((c) => c.name.includes('csrf'));
  const token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1];
  expect(cookie && token).toBeTruthy();
  return { cookie: `${cookie!.name}=${cookie!.value}`, token: token! };
}

function wrongLogins(http: HttpClient, account: Credentials, count: number, rightAt: number): Promise<HttpResult>[] {
  return Array.from({ length: count }, (_, i) =>
    http.json('POST', '/auth/login', { email: account.email, password: i === rightAt ? account.password : `wrong-${i}` }),
  );
}

describe('audit finding 1: the login throttle can be raced', () => {
  let server: StartedServer;
  const http = () => new HttpClient(server.baseUrl);

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
  });
  afterAll(() => server?.close());

  it('a parallel burst for one account from one IP gets at most 5 password checks, even with the right password among them', async () => {
    const account = await signUp(http());
    const results = await Promise.all(wrongLogins(http(), account, 40, 39));
    expect(checked(results), JSON.stringify(tally(results))).toBeLessThanOrEqual(5);
    for (const result of results.filter((r) => r.status === 401)) expect(result.body.error).toBe('invalid_credentials');
  });

  it('a parallel burst of failures from one IP over many accounts stops at the per-IP limit', async () => {
    const perIp = await startTestServer({ store: 'sqlite', env: { TESSERA_LOGIN_FAILURES_PER_IP: '10' } });
    try {
      const client = new HttpClient(perIp.baseUrl);
      const results = await Promise.all(Array.from({ length: 30 }, () => client.json('POST', '/auth/login', newCredentials())));
      expect(checked(results), JSON.stringify(tally(results))).toBeLessThanOrEqual(10);
    } finally {
      await perIp.close();
    }
  });
});

describe('audit finding 1: /auth/login, the hosted form and the password grant share one budget', () => {
  let server: StartedServer;
  const http = () => new HttpClient(server.baseUrl);

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
  });
  afterAll(() => server?.close());

  it('a parallel burst split over the three doors gets at most 5 checks, and each door answers in its own shape', async () => {
    const account = await signUp(http());
    const form = await loginForm(http());
    const origin = new URL(server.baseUrl).origin;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const password = `wrong-${i}`;
        if (i % 3 === 0) return http().json('POST', '/auth/login', { email: account.email, password });
        if (i % 3 === 1) return http().form('/oauth/token', { grant_type: 'password', username: account.email, password });
        return http().form('/login', { email: account.email, password, csrf_token: form.token }, { headers: { cookie: form.cookie, origin } });
      }),
    );
    expect(checked(results), JSON.stringify(tally(results))).toBeLessThanOrEqual(5);
    const grants = results.filter((_, i) => i % 3 === 1);
    for (const grant of grants.filter((r) => r.status === 429)) expect(grant.body.error).toBe('temporarily_unavailable');
    // The budget is spent for the account from this IP on every door, sequentially too.
    expect((await http().json('POST', '/auth/login', account)).status).toBe(429);
    expect((await http().form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password })).status).toBe(429);
  });
});

const redisReachable = await serviceAvailable('redis');

describe.runIf(redisReachable)('audit finding 1: the limit holds across two instances sharing Redis', () => {
  let dataDir: string;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    // Two instances of one deployment: the same SQLite file (users) and the same Redis prefix (counters).
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-throttle-'));
    const prefix = `test-throttle-${randomBytes(6).toString('hex')}:`;
    for (let i = 0; i < 2; i++) {
      const env = { HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:6379', TESSERA_REDIS_PREFIX: prefix };
      const config = loadConfig(env);
      servers.push(await startServer(config, { logger: createLogger({ level: 'silent' }) }));
    }
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) await server.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('a parallel burst split across the instances gets at most 5 checks in all', async () => {
    const [a, b] = servers.map((s) => new HttpClient(s.url)) as [HttpClient, HttpClient];
    const account = await signUp(a);
    const results = await Promise.all([...wrongLogins(a, account, 20, -1), ...wrongLogins(b, account, 20, 19)]);
    expect(checked(results), JSON.stringify(tally(results))).toBeLessThanOrEqual(5);
  });
});
