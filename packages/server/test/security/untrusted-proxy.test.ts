import { afterEach, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { haproxyConfig } from '@tessera/testing';
import { startTestServer, type StartedServer } from '../support/start-server.js';

interface LogLine {
  level: number;
  msg: string;
}

const warnLevel = 40;

describe('audit finding 5: the per-IP limit becomes a global lockout behind a balancer', () => {
  let server: StartedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(env: Record<string, string>): Promise<{ http: HttpClient; warnings: () => LogLine[] }> {
    const lines: string[] = [];
    server = await startTestServer({ store: 'sqlite', env, logDestination: { write: (line: string) => void lines.push(line) } });
    const warnings = () => lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.level === warnLevel && /forwarded/i.test(line.msg));
    return { http: new HttpClient(server.baseUrl), warnings };
  }

  it('with trusted proxy addresses, failures of one client behind the balancer do not lock out the others', async () => {
    const { http, warnings } = await start({ TESSERA_TRUST_PROXY: '127.0.0.1', TESSERA_LOGIN_FAILURES_PER_IP: '5' });
    const victim = await signUp(http);
    const attacker = { 'x-forwarded-for': '198.51.100.1' };
    for (let i = 0; i < 5; i++) expect((await http.json('POST', '/auth/login', newCredentials(), { headers: attacker })).status).toBe(401);
    expect((await http.json('POST', '/auth/login', newCredentials(), { headers: attacker })).status).toBe(429);
    const other = await http.json('POST', '/auth/login', victim, { headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect(other.status, other.text).toBe(200);
    const grant = await http.form('/oauth/token', { grant_type: 'password', username: victim.email, password: victim.password }, { headers: { 'x-forwarded-for': '198.51.100.3' } });
    expect(grant.status, grant.text).toBe(200);
    expect(warnings()).toEqual([]);
    expect((await http.get('/readyz')).body).toEqual({ status: 'ok' });
  });

  for (const [setting, env] of [
    ['the default (false)', {}],
    ['a list without the peer', { TESSERA_TRUST_PROXY: '10.0.0.0/8, 192.0.2.7' }],
  ] as const) {
    it(`forwarded headers from an untrusted peer under ${setting}: one warning in the log and in /readyz`, async () => {
      const { http, warnings } = await start(env);
      expect((await http.get('/readyz')).body).toEqual({ status: 'ok' });
      await http.get('/healthz', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      await http.get('/healthz', { headers: { forwarded: 'for=203.0.113.10' } });
      await http.json('POST', '/auth/login', newCredentials(), { headers: { 'x-forwarded-for': '203.0.113.11' } });
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]?.msg).toMatch(/TESSERA_TRUST_PROXY/);
      const ready = await http.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      expect(ready.body.warnings).toEqual([expect.stringMatching(/X-Forwarded-For.*127\.0\.0\.1.*TESSERA_TRUST_PROXY/)]);
    });
  }

  it("npm run cluster's HAProxy sends X-Forwarded-For (its instances trust 127.0.0.1, HAProxy's address)", () => {
    expect(haproxyConfig({ port: 1, socket: '/tmp/s', servers: [{ name: 't1', port: 2 }] })).toMatch(/^\s*option forwardfor$/m);
  });
});
