import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startServer, type RunningServer } from '@tessera/server';
import { freePort } from '@tessera/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackLogin } from '../src/loopback-login.js';

/**
 * The CLI example over real HTTP against a real Tessera server (default configuration). The test
 * plays the system browser: it holds a Tessera session cookie (from the JSON login, the same
 * cookie the hosted login sets), opens the URL the CLI shows, and follows the redirect to the
 * CLI's loopback listener, whose port the OS picked and no one registered (RFC 8252 §7.3).
 */
describe('examples/cli-login: the loopback redirect login', () => {
  let tessera: RunningServer;
  let dataDir: string;
  const account = { email: `cli-${randomBytes(6).toString('hex')}@example.test`, password: `correct horse ${randomBytes(8).toString('hex')}` };
  let sessionCookie: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-example-cli-'));
    tessera = await startServer(loadConfig({ HOST: '127.0.0.1', PORT: String(await freePort()), LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir }));
    // As the README registers it: a first-party public client with a port-less loopback URI.
    await tessera.tessera.clients.register({
      id: 'photo-cli',
      name: 'Photo CLI',
      type: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'email', 'offline_access'],
      redirectUris: ['http://127.0.0.1/callback'],
      firstParty: true,
    });
    const json = { 'content-type': 'application/json' };
    expect((await fetch(`${tessera.url}/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify(account) })).status).toBe(201);
    const login = await fetch(`${tessera.url}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(account) });
    sessionCookie = /__Host-tessera_session=[^;]+/.exec(login.headers.getSetCookie().join('\n'))![0];
  });
  afterAll(async () => {
    await tessera?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  /** The signed-in browser: opens the URL; Tessera answers 302 to the loopback URI, which it then opens. */
  async function browserOpens(url: URL, cookie: string | null): Promise<{ redirect: URL; page: string }> {
    const answer = await fetch(url, { redirect: 'manual', headers: cookie === null ? {} : { cookie } });
    expect(answer.status).toBe(302);
    const redirect = new URL(answer.headers.get('location')!);
    const page = await (await fetch(redirect)).text();
    return { redirect, page };
  }

  it('logs in: the code comes back to an unregistered port on 127.0.0.1 and is redeemed with PKCE', async () => {
    let seen: { authorizationUrl: URL; redirect: URL; page: string } | undefined;
    const tokens = await loopbackLogin({
      issuer: tessera.tessera.settings.issuer,
      clientId: 'photo-cli',
      openBrowser: async (authorizationUrl) => {
        seen = { authorizationUrl, ...(await browserOpens(authorizationUrl, sessionCookie)) };
      },
    });
    expect(seen!.authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    const redirectUri = new URL(seen!.authorizationUrl.searchParams.get('redirect_uri')!);
    expect(redirectUri.hostname).toBe('127.0.0.1');
    expect(Number(redirectUri.port)).toBeGreaterThan(0);
    expect(seen!.redirect.origin).toBe(redirectUri.origin);
    expect(seen!.page).toContain('Logged in.');
    expect(tokens.claims()).toMatchObject({ aud: 'photo-cli', email: account.email });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    // The listener is closed once the login is done: the port no longer answers.
    await expect(fetch(seen!.redirect)).rejects.toThrow();
  });

  it('a browser without a session is sent to the hosted login, not back to the CLI', async () => {
    let loginPage: URL | undefined;
    const attempt = loopbackLogin({
      issuer: tessera.tessera.settings.issuer,
      clientId: 'photo-cli',
      timeoutMs: 1500,
      openBrowser: async (authorizationUrl) => {
        const answer = await fetch(authorizationUrl, { redirect: 'manual' });
        loginPage = new URL(answer.headers.get('location')!, tessera.url);
      },
    });
    await expect(attempt).rejects.toThrow('no login arrived in time');
    expect(loginPage?.pathname).toBe('/login');
  });
});
