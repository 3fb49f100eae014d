import { decodeJwt } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableTestStores, startTestServer, type StartedServer } from '../support/start-server.js';
import { signUpAndLogIn } from './support/accounts.js';
import { HttpClient, sessionCookieOf } from './support/http-client.js';

const stores = await availableTestStores();

const codeAt = (secret: string, offsetSteps: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });

describe.each(stores)('account deletion, audit events and amr over real HTTP (%s store)', (store) => {
  let server: StartedServer;
  let http: HttpClient;
  beforeAll(async () => {
    server = await startTestServer({ store });
    http = new HttpClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('access tokens of the password grant carry amr ["pwd"] and auth_time', async () => {
    const account = await signUpAndLogIn(http);
    const before = Math.floor(Date.now() / 1000);
    const result = await http.form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password });
    expect(result.status, result.text).toBe(200);
    const claims = decodeJwt(result.body.access_token as string);
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.auth_time).toBeGreaterThanOrEqual(before - 1);
  });

  it('factor changes and the deletion are audited without a secret; deletion needs the password and ends everything', async () => {
    const account = await signUpAndLogIn(http);
    const owner = { session: account.session, csrf: account.csrf };
    const secret = (await http.json('POST', '/auth/two-factor/totp', {}, owner)).body.secret as string;
    const codes = (await http.json('POST', '/auth/two-factor/totp/confirm', { code: codeAt(secret, -1) }, owner)).body.recovery_codes as string[];
    const step = await http.json('POST', '/auth/login', { email: account.email, password: account.password });
    const signedIn = await http.json('POST', '/auth/login/mfa', { mfa_token: step.body.mfa_token, code: codes[0] });
    expect(signedIn.status, signedIn.text).toBe(200);
    const session = sessionCookieOf(signedIn)!.value;
    const csrf = signedIn.body.csrf_token as string;

    const wrong = await http.json('POST', '/auth/account/delete', { password: `${account.password}!` }, { session, csrf });
    expect(wrong.status).toBe(401);
    expect((await http.get('/auth/session', { session })).status).toBe(200);
    const deleted = await http.json('POST', '/auth/account/delete', { password: account.password }, { session, csrf });
    expect(deleted.status, deleted.text).toBe(204);

    expect((await http.get('/auth/session', { session })).status).toBe(401);
    expect((await http.get('/auth/session', { session: account.session })).status).toBe(401);
    expect((await http.json('POST', '/auth/login', { email: account.email, password: account.password })).status).toBe(401);
    expect(await server.tessera.stores.secondFactors.findTotp(account.userId)).toBeNull();

    const events = await server.tessera.stores.audit.listByUser(account.userId, 50);
    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['mfa.totp_added', 'mfa.recovery_code_used', 'user.deleted_by_self', 'user.removed']));
    expect(events.find((event) => event.type === 'mfa.recovery_code_used')?.detail).toEqual({ remaining: 9 });
    const written = JSON.stringify(events);
    for (const value of [secret, account.password, ...codes, ...codes.map((code) => code.replaceAll('-', ''))]) expect(written).not.toContain(value);
  });
});
