import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, refresh, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

/**
 * Issue 2: "pino logs that never contain passwords, tokens or session ids". Runs a login + token
 * flow at LOG_LEVEL=trace with every line captured, then looks for each secret in the output.
 */
describe('log redaction', () => {
  const lines: string[] = [];
  let server: StartedServer;
  beforeAll(async () => {
    server = await startTestServer({ logDestination: { write: (line: string) => void lines.push(line) } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('never writes passwords, tokens, cookies, CSRF tokens, client secrets or session ids', async () => {
    const http = new HttpClient(server.baseUrl);
    const secrets: Record<string, string> = {};

    const account = await signUp(http);
    secrets.password = account.password;
    const login = await logIn(http, account);
    secrets.sessionToken = login.session;
    secrets.csrfToken = login.csrf;
    await http.json('POST', '/auth/login', { email: account.email, password: 'wrong-password-logged?' });
    secrets.wrongPassword = 'wrong-password-logged?';
    const sessions = await http.get('/auth/sessions', { session: login.session });
    secrets.sessionId = sessions.body.sessions[0].id;
    await http.get('/auth/session', { session: login.session });

    const pair = await passwordGrant(http, account);
    secrets.accessToken = pair.access_token;
    secrets.refreshToken = pair.refresh_token;
    const rotated = (await refresh(http, pair.refresh_token)).body;
    secrets.rotatedRefreshToken = rotated.refresh_token;
    await http.get('/api/me', { headers: { authorization: `Bearer ${rotated.access_token}` } });
    await http.get(`/api/me?access_token=${rotated.access_token}`);
    await http.get('/api/me', { headers: { authorization: 'Bearer forged.token.value' } });
    secrets.forged = 'forged.token.value';
    secrets.clientSecret = server.confidentialClient.secret;
    const service = await http.form('/oauth/token', { grant_type: 'client_credentials', client_id: server.confidentialClient.id, client_secret: server.confidentialClient.secret });
    secrets.serviceToken = service.body.access_token;
    await http.form('/oauth/introspect', { token: rotated.access_token }, { basic: server.confidentialClient });
    await http.form('/oauth/revoke', { token: rotated.refresh_token });
    await http.json('POST', '/auth/logout', undefined, { session: login.session, csrf: login.csrf });

    const output = lines.join('');
    expect(output).toContain('request completed');
    expect(output).toContain('/oauth/token');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      expect(output.includes(secret), `${name} appears in the log`).toBe(false);
    }
    // Nor base64 of Basic credentials, nor any Authorization/Cookie header at all.
    expect(output).not.toMatch(/authorization|"cookie"|set-cookie|x-csrf-token/i);
  });
});
