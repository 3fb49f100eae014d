import { serviceAvailable } from '@tessera/testing';
import * as client from 'openid-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTesseraSession, launchChromium, signInAndAuthorize } from './support/hosted-pages.js';
import { startRelyingParty, type RelyingParty } from './support/relying-party.js';
import { CLIENTS, startOidcProvider, type ClientKind, type OidcProvider } from './support/tessera-provider.js';

const hasChromium = await serviceAvailable('chromium');

/**
 * Issue 11, "Done when": openid-client 6, unmodified, runs the whole code flow against a real
 * Tessera server, a person's part (login, consent) done in real Chromium on the hosted pages.
 * The only non-default option is `allowInsecureRequests`, because the test issuer is
 * `http://127.0.0.1` (a production issuer is https).
 */
describe.runIf(hasChromium)('openid-client 6: the authorization code flow against Tessera', () => {
  let rp: RelyingParty;
  let provider: OidcProvider;
  let browser: Browser;

  beforeAll(async () => {
    rp = await startRelyingParty();
    provider = await startOidcProvider(rp);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    await rp?.close();
  });

  /** `discovery()` as each kind of client would call it: a secret (client_secret_basic) or none. */
  function discover(kind: ClientKind): Promise<client.Configuration> {
    const options = { execute: [client.allowInsecureRequests] };
    const issuer = new URL(provider.issuer);
    if (kind === 'confidential') return client.discovery(issuer, CLIENTS.confidential.id, provider.confidentialSecret, client.ClientSecretBasic(), options);
    return client.discovery(issuer, CLIENTS[kind].id, undefined, client.None(), options);
  }

  it.each([
    ['confidential', true],
    ['public', true],
    ['firstParty', false],
  ] as const)('%s client (consent page shown: %s)', async (kind, expectConsent) => {
    const config = await discover(kind);
    // Discovery: the issuer matches, and the endpoints the flow needs are there.
    expect(config.serverMetadata()).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/oauth/authorize`,
      userinfo_endpoint: `${provider.issuer}/oauth/userinfo`,
      code_challenge_methods_supported: ['S256'],
    });

    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: rp.callbackUri,
      scope: 'openid email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });

    const context = await browser.newContext();
    const page = await context.newPage();
    const callback = await signInAndAuthorize(page, authorizationUrl, provider.account, { redirectUri: rp.callbackUri, expectConsent, clientName: CLIENTS[kind].name });

    // Checks state and iss (RFC 9207) on the response, redeems the code with the verifier, and
    // validates the ID token (signature from the JWKS, iss, aud, exp, iat, nonce).
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: CLIENTS[kind].id, nonce, email: provider.account.email, amr: ['pwd'] });

    const userInfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userInfo).toEqual({ sub: claims.sub, email: provider.account.email, email_verified: false });

    // Refresh rotates: the new refresh token differs and works; the new access token too.
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await client.fetchUserInfo(config, refreshed.access_token, claims.sub)).sub).toBe(claims.sub);

    // Revocation (RFC 7009): the refresh token's family dies, and its access tokens with it.
    await client.tokenRevocation(config, refreshed.refresh_token!, { token_type_hint: 'refresh_token' });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant' });
    await expect(client.fetchUserInfo(config, refreshed.access_token, claims.sub)).rejects.toMatchObject({ code: 'OAUTH_WWW_AUTHENTICATE_CHALLENGE', status: 401 });

    // RP-Initiated Logout: the hint is this session's ID token, so Tessera ends the session without
    // asking and sends the browser back to the registered post-logout URI with the state.
    const logoutState = client.randomState();
    await page.goto(client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: rp.signedOutUri, state: logoutState }).href);
    await page.waitForURL(`${rp.signedOutUri}?**`);
    expect(new URL(page.url()).searchParams.get('state')).toBe(logoutState);
    expect(await hasTesseraSession(page, provider.issuer)).toBe(false);

    await context.close();
  });
});
