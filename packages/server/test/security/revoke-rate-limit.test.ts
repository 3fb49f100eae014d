import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

function expectRateLimited(result: HttpResult): void {
  expect(result.status, result.text).toBe(429);
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.body).toMatchObject({ error: 'temporarily_unavailable' });
  expect(typeof result.body.error_description).toBe('string');
}

describe('audit finding 7b: /oauth/revoke is not rate limited', () => {
  let server: StartedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('limits revocations per client, whatever the IP', async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_REVOKES_PER_CLIENT_PER_MINUTE: '5', TESSERA_TRUST_PROXY: '127.0.0.1' } });
    const http = new HttpClient(server.baseUrl);
    const { id, secret } = server.confidentialClient;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => http.form('/oauth/revoke', { token: `unknown-${i}` }, { basic: { id, secret }, headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    for (const refused of results.filter((r) => r.status !== 200)) expectRateLimited(refused);
    // Another client keeps its own budget.
    expect((await http.form('/oauth/revoke', { token: 'unknown' })).status).toBe(200);
  });

  it('limits revocations per IP, whatever the client', async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_REVOKES_PER_IP_PER_MINUTE: '4' } });
    const http = new HttpClient(server.baseUrl);
    const { id, secret } = server.confidentialClient;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? http.form('/oauth/revoke', { token: `t-${i}` }) : http.form('/oauth/revoke', { token: `t-${i}` }, { basic: { id, secret } }))),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    for (const refused of results.filter((r) => r.status !== 200)) expectRateLimited(refused);
  });
});
