import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceAvailable } from '@tessera/store-contract';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { authorizePath, Browser as HostedPages, pkcePair, redirectParams } from '../oauth/support/code-flow.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { launchChromium } from './support/chromium.js';

const hasChromium = await serviceAvailable('chromium');

/** A static origin of its own (another port on 127.0.0.1): the page an SPA would be served from. */
function staticOrigin(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>SPA</title><p>spa</p>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** What the page's script reports back: the refreshed token response, or why fetch failed. */
type FetchOutcome = { ok: true; status: number; body: Record<string, unknown>; userinfo: Record<string, unknown> } | { ok: false; error: string };

/**
 * Issue 11, "Done when": a page on a registered public client's origin, in real Chromium, refreshes
 * its token cross-origin and reads the answer; a page on another origin cannot (the browser's CORS
 * check fails the fetch).
 */
describe.runIf(hasChromium)('token endpoint from another origin in Chromium (CORS)', () => {
  let tessera: StartedServer;
  let spa: { server: Server; origin: string };
  let stranger: { server: Server; origin: string };
  let browser: Browser;
  let http: HttpClient;
  let account: { email: string; password: string };

  beforeAll(async () => {
    tessera = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(tessera.baseUrl);
    [spa, stranger] = await Promise.all([staticOrigin(), staticOrigin()]);
    await tessera.tessera.clients.register({ id: 'spa', name: 'SPA', type: 'public', grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid'], audiences: [tessera.config.issuer], redirectUris: [`${spa.origin}/callback`], firstParty: true });
    account = await signUp(http, newCredentials());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([spa, stranger].map((site) => new Promise((resolve) => site?.server.close(resolve))));
    await tessera?.close();
  });

  async function refreshToken(): Promise<string> {
    const pages = new HostedPages(tessera.baseUrl);
    await pages.logIn(account);
    const pkce = pkcePair();
    const redirectUri = `${spa.origin}/callback`;
    const answer = await pages.get(authorizePath({ response_type: 'code', client_id: 'spa', redirect_uri: redirectUri, scope: 'openid', code_challenge: pkce.challenge, code_challenge_method: 'S256' }));
    const code = redirectParams(answer, redirectUri).get('code')!;
    const tokens = await http.form('/oauth/token', { grant_type: 'authorization_code', client_id: 'spa', code, redirect_uri: redirectUri, code_verifier: pkce.verifier });
    expect(tokens.status, tokens.text).toBe(200);
    return tokens.body.refresh_token as string;
  }

  /** Runs the SPA's refresh and a UserInfo call from a page on `origin`, as its script would. */
  async function refreshFrom(origin: string, token: string): Promise<FetchOutcome> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ issuer, refresh }) => {
          try {
            // A form POST is a "simple" request: Chromium sends it and then decides, by
            // Access-Control-Allow-Origin, whether the script may read the answer.
            const response = await fetch(`${issuer}/oauth/token`, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'spa', refresh_token: refresh }),
            });
            const body = (await response.json()) as Record<string, unknown>;
            // `Authorization` makes this one preflighted (OPTIONS first), as an SPA's API calls are.
            const userinfo = await fetch(`${issuer}/oauth/userinfo`, { headers: { authorization: `Bearer ${String(body.access_token)}` } });
            return { ok: true as const, status: response.status, body, userinfo: (await userinfo.json()) as Record<string, unknown> };
          } catch (error) {
            return { ok: false as const, error: String(error) };
          }
        },
        { issuer: tessera.baseUrl, refresh: token },
      );
    } finally {
      await context.close();
    }
  }

  it('a page on the registered origin refreshes, reads the new tokens, and calls UserInfo with them (preflighted)', async () => {
    const outcome = await refreshFrom(spa.origin, await refreshToken());
    expect(outcome).toMatchObject({ ok: true, status: 200, body: { token_type: 'Bearer', access_token: expect.any(String), refresh_token: expect.any(String) } });
    expect(outcome).toMatchObject({ userinfo: { sub: expect.any(String) } });
  });

  it('a page on another origin cannot: the fetch fails, and the refresh token is not spent', async () => {
    const token = await refreshToken();
    const outcome = await refreshFrom(stranger.origin, token);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('Failed to fetch') });
    // Nothing was spent: the same token still works from the registered origin.
    expect(await refreshFrom(spa.origin, token)).toMatchObject({ ok: true, status: 200 });
  });
});
