import { serviceAvailable } from '@tessera/testing';
import * as oauth from 'oauth4webapi';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTesseraSession, launchChromium, signInAndAuthorize } from './support/hosted-pages.js';
import { startRelyingParty, type RelyingParty } from './support/relying-party.js';
import { CLIENTS, startOidcProvider, type ClientKind, type OidcProvider } from './support/tessera-provider.js';

const hasChromium = await serviceAvailable('chromium');

/** The test issuer is `http://127.0.0.1`; every oauth4webapi request must be told it may use http. */
const http = { [oauth.allowInsecureRequests]: true } as const;

/**
 * Issue 11, "Done when": the same code flow under oauth4webapi 3, whose `process*` functions are
 * strict (content types, status codes, every required member, ID token claims and signature,
 * RFC 9207 `iss`), and whose `validateJwtAccessToken` is an RFC 9068 resource server.
 */
describe.runIf(hasChromium)('oauth4webapi 3: the authorization code flow against Tessera, strictly processed', () => {
  let rp: RelyingParty;
  let provider: OidcProvider;
  let browser: Browser;
  let as: oauth.AuthorizationServer;

  beforeAll(async () => {
    rp = await startRelyingParty();
    provider = await startOidcProvider(rp);
    browser = await launchChromium();
    const issuer = new URL(provider.issuer);
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...http }));
  });
  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    await rp?.close();
  });

  const clientAuth = (kind: ClientKind): oauth.ClientAuth => (kind === 'confidential' ? oauth.ClientSecretBasic(provider.confidentialSecret) : oauth.None());

  it('discovery passes processDiscoveryResponse and names what the flow needs', () => {
    expect(as).toMatchObject({
      issuer: provider.issuer,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public'],
    });
    expect(as.id_token_signing_alg_values_supported).toContain('RS256');
  });

  it.each([
    ['confidential', true],
    ['public', true],
    ['firstParty', false],
  ] as const)('%s client (consent page shown: %s)', async (kind, expectConsent) => {
    const client: oauth.Client = { client_id: CLIENTS[kind].id };
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      client_id: client.client_id,
      response_type: 'code',
      redirect_uri: rp.callbackUri,
      scope: 'openid email offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    }).toString();

    const context = await browser.newContext();
    const page = await context.newPage();
    const callback = await signInAndAuthorize(page, authorizationUrl, provider.account, { redirectUri: rp.callbackUri, expectConsent, clientName: CLIENTS[kind].name });

    // RFC 9207: the response must carry this issuer's `iss`, since the metadata says it will.
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const codeResponse = await oauth.authorizationCodeGrantRequest(as, client, clientAuth(kind), params, rp.callbackUri, codeVerifier, http);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, codeResponse, { expectedNonce: nonce, requireIdToken: true });
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims).toMatchObject({ iss: provider.issuer, aud: client.client_id, nonce, email: provider.account.email });
    expect(tokens.token_type).toBe('bearer');

    const userInfo = await oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, tokens.access_token, http));
    expect(userInfo).toEqual({ sub: claims.sub, email: provider.account.email, email_verified: false });

    // A resource server verifying the access token locally: RFC 9068 `typ`, signature from the
    // JWKS, iss, exp, aud (the default audience is the issuer), and the required claims.
    const resourceRequest = (accessToken: string) => new Request('https://api.example.test/photos', { headers: { authorization: `Bearer ${accessToken}` } });
    const accessClaims = await oauth.validateJwtAccessToken(as, resourceRequest(tokens.access_token), provider.issuer, {
      ...http,
      signingAlgorithms: as.tessera_access_token_signing_alg_values_supported as string[],
    });
    expect(accessClaims).toMatchObject({ iss: provider.issuer, sub: claims.sub, client_id: client.client_id, aud: provider.issuer, scope: 'openid email offline_access' });

    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, clientAuth(kind), tokens.refresh_token!, http));
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await oauth.validateJwtAccessToken(as, resourceRequest(refreshed.access_token), provider.issuer, http)).sub).toBe(claims.sub);

    // Revocation (RFC 7009): the family dies; its access token is refused by the server at once.
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth(kind), refreshed.refresh_token!, { ...http, additionalParameters: { token_type_hint: 'refresh_token' } }));
    const afterRevocation = oauth.refreshTokenGrantRequest(as, client, clientAuth(kind), refreshed.refresh_token!, http).then((response) => oauth.processRefreshTokenResponse(as, client, response));
    await expect(afterRevocation).rejects.toMatchObject({ code: oauth.RESPONSE_BODY_ERROR, error: 'invalid_grant' });
    const revokedUserInfo = oauth.userInfoRequest(as, client, refreshed.access_token, http).then((response) => oauth.processUserInfoResponse(as, client, claims.sub, response));
    await expect(revokedUserInfo).rejects.toMatchObject({ code: oauth.WWW_AUTHENTICATE_CHALLENGE, status: 401 });

    // RP-Initiated Logout (oauth4webapi has no helper: the URL is the discovered endpoint plus
    // the spec's parameters). The hint is this session's ID token, so no confirmation page.
    expect(as.end_session_endpoint).toBe(`${provider.issuer}/oauth/logout`);
    const logoutUrl = new URL(as.end_session_endpoint!);
    logoutUrl.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: rp.signedOutUri, state, client_id: client.client_id }).toString();
    await page.goto(logoutUrl.href);
    await page.waitForURL(`${rp.signedOutUri}?**`);
    expect(new URL(page.url()).searchParams.get('state')).toBe(state);
    expect(await hasTesseraSession(page, provider.issuer)).toBe(false);

    await context.close();
  });
});
