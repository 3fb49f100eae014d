import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { availableTestStores } from '../support/start-server.js';
import { logIn, signUpAndLogIn, type Credentials } from './support/accounts.js';
import { HttpClient, sessionCookieOf, type HttpResult } from './support/http-client.js';
import { useLocalServer } from './support/local-target.js';

const stores = await availableTestStores();

/** The code an authenticator app shows `offsetSteps` 30-second steps from now. */
function codeAt(secret: string, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/**
 * Codes are accepted one step either side of now: confirming with the previous step's code
 * leaves the current and the next step for the test. Close to a step boundary, wait for the next
 * step so the test does not straddle one.
 */
async function awayFromStepBoundary(): Promise<void> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 24_000) await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 200));
}

interface TwoFactorAccount extends Credentials {
  secret: string;
  recoveryCodes: string[];
}

async function accountWithTotp(http: HttpClient): Promise<TwoFactorAccount> {
  const account = await signUpAndLogIn(http);
  const begun = await http.json('POST', '/auth/two-factor/totp', {}, { session: account.session, csrf: account.csrf });
  expect(begun.status, begun.text).toBe(201);
  expect(begun.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
  const secret = begun.body.secret as string;
  await awayFromStepBoundary();
  const confirmed = await http.json('POST', '/auth/two-factor/totp/confirm', { code: codeAt(secret, -1) }, { session: account.session, csrf: account.csrf });
  expect(confirmed.status, confirmed.text).toBe(200);
  const recoveryCodes = confirmed.body.recovery_codes as string[];
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  return { email: account.email, password: account.password, secret, recoveryCodes };
}

async function passwordStep(http: HttpClient, account: Credentials): Promise<string> {
  const result = await http.json('POST', '/auth/login', account);
  expect(result.status, result.text).toBe(200);
  expect(result.body).toMatchObject({ mfa_required: true, methods: ['totp', 'recovery_code'] });
  expect(result.body.user).toBeUndefined();
  expect(sessionCookieOf(result)).toBeUndefined();
  return result.body.mfa_token as string;
}

function expectLoggedIn(result: HttpResult): void {
  expect(result.status, result.text).toBe(200);
  expect(result.body.csrf_token).toEqual(expect.any(String));
  expect(sessionCookieOf(result)?.value).toEqual(expect.any(String));
}

describe.each(stores)('two-factor login over real HTTP (%s store)', (store) => {
  const target = useLocalServer({ store });
  const http = () => new HttpClient(target().baseUrl);

  it('set-up returns the secret once; the status never does', async () => {
    const account = await signUpAndLogIn(http());
    const begun = await http().json('POST', '/auth/two-factor/totp', {}, { session: account.session, csrf: account.csrf });
    await awayFromStepBoundary();
    const wrong = await http().json('POST', '/auth/two-factor/totp/confirm', { code: String((Number(codeAt(begun.body.secret as string)) + 1) % 1_000_000).padStart(6, '0') }, { session: account.session, csrf: account.csrf });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_second_factor');
    await http().json('POST', '/auth/two-factor/totp/confirm', { code: codeAt(begun.body.secret as string) }, { session: account.session, csrf: account.csrf });
    const status = await http().get('/auth/two-factor', { session: account.session });
    expect(status.body).toEqual({ totp: 'on', recovery_codes_left: 10, passkeys: 0 });
    expect(status.text).not.toContain(begun.body.secret as string);
    const again = await http().json('POST', '/auth/two-factor/totp', {}, { session: account.session, csrf: account.csrf });
    expect(again.status).toBe(400);
    expect(again.text).not.toContain(begun.body.secret as string);
  });

  it('login takes two steps: a wrong code is refused, the right one signs in once, a reused one is refused', async () => {
    const account = await accountWithTotp(http());
    const mfaToken = await passwordStep(http(), account);
    const wrongCode = String((Number(codeAt(account.secret)) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await http().json('POST', '/auth/login/mfa', { mfa_token: mfaToken, code: wrongCode });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid_second_factor');
    expect(sessionCookieOf(wrong)).toBeUndefined();

    const code = codeAt(account.secret);
    const right = await http().json('POST', '/auth/login/mfa', { mfa_token: mfaToken, code });
    expectLoggedIn(right);
    const session = await http().get('/auth/session', { session: sessionCookieOf(right)!.value });
    expect(session.status).toBe(200);

    const reused = await http().json('POST', '/auth/login/mfa', { mfa_token: await passwordStep(http(), account), code });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('invalid_second_factor');
  });

  it('a forged or altered mfa_token is refused', async () => {
    const account = await accountWithTotp(http());
    const mfaToken = await passwordStep(http(), account);
    const [payload, mac] = mfaToken.split('.');
    for (const token of ['nonsense', `${payload}.${mac!.slice(1)}A`, `${Buffer.from('{"u":"x","t":1,"p":1}').toString('base64url')}.${mac}`]) {
      const result = await http().json('POST', '/auth/login/mfa', { mfa_token: token, code: codeAt(account.secret) });
      expect(result.status).toBe(401);
      expect(result.body.code).toBe('mfa_token_invalid');
    }
  });

  it('a recovery code signs in once only, typed in any case and grouping', async () => {
    const account = await accountWithTotp(http());
    const [first] = account.recoveryCodes;
    const typed = first!.toUpperCase().replaceAll('-', ' ');
    expectLoggedIn(await http().json('POST', '/auth/login/mfa', { mfa_token: await passwordStep(http(), account), code: typed }));
    const again = await http().json('POST', '/auth/login/mfa', { mfa_token: await passwordStep(http(), account), code: first });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('invalid_second_factor');
    const loggedIn = await http().json('POST', '/auth/login/mfa', { mfa_token: await passwordStep(http(), account), code: account.recoveryCodes[1] });
    expectLoggedIn(loggedIn);
    const status = await http().get('/auth/two-factor', { session: sessionCookieOf(loggedIn)!.value });
    expect(status.body.recovery_codes_left).toBe(8);
  });

  it('the password grant refuses an account with a second factor and points to the code flow', async () => {
    const account = await accountWithTotp(http());
    const result = await http().form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/authorization code flow/);
    expect(result.body.access_token).toBeUndefined();
  });

  it('wrong codes are throttled like passwords: 429 with Retry-After, then even the right code waits', async () => {
    const account = await accountWithTotp(http());
    const mfaToken = await passwordStep(http(), account);
    const wrongCode = String((Number(codeAt(account.secret)) + 1) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    let last: HttpResult | undefined;
    for (let attempt = 0; attempt < 8; attempt++) {
      last = await http().json('POST', '/auth/login/mfa', { mfa_token: mfaToken, code: wrongCode });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const right = await http().json('POST', '/auth/login/mfa', { mfa_token: mfaToken, code: codeAt(account.secret) });
    expect(right.status).toBe(429);
    // The password budget of the account is its own: the password step still answers.
    expect((await http().json('POST', '/auth/login', account)).body.mfa_required).toBe(true);
  });

  it('turning two-factor off needs the password or a current code; then the password alone signs in', async () => {
    const account = await accountWithTotp(http());
    const signedIn = await http().json('POST', '/auth/login/mfa', { mfa_token: await passwordStep(http(), account), code: codeAt(account.secret) });
    const session = sessionCookieOf(signedIn)!.value;
    const csrf = signedIn.body.csrf_token as string;
    expect((await http().json('POST', '/auth/two-factor/totp/disable', {}, { session, csrf })).status).toBe(400);
    const wrong = await http().json('POST', '/auth/two-factor/totp/disable', { password: `${account.password}x` }, { session, csrf });
    expect(wrong.status).toBe(401);
    expect((await http().json('POST', '/auth/two-factor/recovery-codes', { code: codeAt(account.secret) }, { session, csrf })).status).toBe(401);
    const regenerated = await http().json('POST', '/auth/two-factor/recovery-codes', { password: account.password }, { session, csrf });
    expect(regenerated.body.recovery_codes).toHaveLength(10);
    expect((await http().json('POST', '/auth/two-factor/totp/disable', { code: codeAt(account.secret, 1) }, { session, csrf })).status).toBe(204);
    await logIn(http(), account);
  });
});
