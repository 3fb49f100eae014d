import { describe, expect, it } from 'vitest';
import { InvalidGrantError, TokenInvalidError, UnauthorizedClientError } from '../../src/index.js';
import { authorizeQuery, codeFlowSetup, issueCode, pkcePair, redirectUri } from './support/code-flow.js';

async function setup(settings = {}) {
  const ctx = await codeFlowSetup(settings);
  const pkce = pkcePair();
  const code = await issueCode(ctx.tessera, authorizeQuery(ctx.client.id, pkce.challenge), ctx.authorizing);
  const exchange = (overrides: { code?: string; redirectUri?: string; codeVerifier?: string } = {}, client = ctx.client) =>
    ctx.tessera.oidc.codeGrant.exchange(client, { code, redirectUri, codeVerifier: pkce.verifier, ...overrides });
  return { ...ctx, pkce, code, exchange };
}

describe('authorization codes', () => {
  it('are 256-bit random strings, stored only as their hash', async () => {
    const { code, stores, tessera } = await setup();
    expect(Buffer.from(code, 'base64url')).toHaveLength(32);
    expect(await stores.authorizationCodes.consume(code, tessera.clock.now())).toEqual({ outcome: 'not_found' });
  });

  it('redeem once: tokens, an ID token and a refresh token', async () => {
    const { exchange } = await setup();
    const response = await exchange();
    expect(response).toMatchObject({ token_type: 'Bearer', scope: 'openid email' });
    expect(response.id_token).toBeTruthy();
    expect(response.refresh_token).toBeTruthy();
  });

  it('live 60 s at most, whatever the setting says', async () => {
    const late = await setup({ authorizationCodeTtlSeconds: 600 });
    late.clock.advanceSeconds(61);
    await expect(late.exchange()).rejects.toBeInstanceOf(InvalidGrantError);
    const onTime = await setup();
    onTime.clock.advanceSeconds(59);
    await expect(onTime.exchange()).resolves.toHaveProperty('access_token');
  });

  it('are bound to the client, the exact redirect URI and the PKCE verifier', async () => {
    const wrongVerifier = await setup();
    await expect(wrongVerifier.exchange({ codeVerifier: pkcePair().verifier })).rejects.toBeInstanceOf(InvalidGrantError);
    const noVerifier = await setup();
    await expect(noVerifier.exchange({ codeVerifier: '' })).rejects.toBeInstanceOf(InvalidGrantError);
    const challengeAsVerifier = await setup();
    await expect(challengeAsVerifier.exchange({ codeVerifier: challengeAsVerifier.pkce.challenge })).rejects.toBeInstanceOf(InvalidGrantError);
    const wrongRedirect = await setup();
    await expect(wrongRedirect.exchange({ redirectUri: `${redirectUri}/other` })).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(wrongRedirect.exchange({ redirectUri: undefined as never })).rejects.toBeInstanceOf(InvalidGrantError);
    const otherClient = await setup();
    const { client: thief } = await otherClient.tessera.clients.register({ ...otherClient.client, id: 'thief-app' });
    await expect(otherClient.exchange({}, thief)).rejects.toBeInstanceOf(InvalidGrantError);
    for (const code of ['', 'x'.repeat(129), 'unknown-code']) {
      await expect(otherClient.exchange({ code })).rejects.toBeInstanceOf(InvalidGrantError);
    }
  });

  it('a client not registered for the grant is unauthorized_client', async () => {
    const { exchange, tessera, client } = await setup();
    const { client: other } = await tessera.clients.register({ ...client, id: 'no-code', grantTypes: ['refresh_token'] });
    await expect(exchange({}, other)).rejects.toBeInstanceOf(UnauthorizedClientError);
  });

  it('a second redemption is invalid_grant and revokes what the first issued (RFC 6749 §4.1.2)', async () => {
    const { exchange, tessera, client } = await setup();
    const first = await exchange();
    await expect(tessera.tokens.refreshTokenGrant(client, { refreshToken: first.refresh_token! })).resolves.toHaveProperty('refresh_token');
    const again = await setup();
    const issued = await again.exchange();
    await expect(again.exchange()).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(again.tessera.tokens.refreshTokenGrant(again.client, { refreshToken: issued.refresh_token! })).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(again.tessera.oidc.userInfo.claims(issued.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
  });

  it('without the refresh_token grant: no refresh token, and a replay still kills the access token', async () => {
    const ctx = await codeFlowSetup({}, { grantTypes: ['authorization_code'] });
    const pkce = pkcePair();
    const code = await issueCode(ctx.tessera, authorizeQuery(ctx.client.id, pkce.challenge), ctx.authorizing);
    const input = { code, redirectUri, codeVerifier: pkce.verifier };
    const response = await ctx.tessera.oidc.codeGrant.exchange(ctx.client, input);
    expect(response.refresh_token).toBeUndefined();
    await expect(ctx.tessera.oidc.userInfo.claims(response.access_token)).resolves.toMatchObject({ sub: ctx.user.id });
    await expect(ctx.tessera.oidc.codeGrant.exchange(ctx.client, input)).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(ctx.tessera.oidc.userInfo.claims(response.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
  });

  it('a replay between the consume and the family\'s creation still leaves no live token', async () => {
    const { exchange, stores, tessera, user } = await setup();
    const store = stores.authorizationCodes;
    const attach = store.attachFamily.bind(store);
    let replay: Promise<unknown> | undefined;
    store.attachFamily = async (codeHash, familyId) => {
      await attach(codeHash, familyId);
      replay ??= exchange().catch((error: unknown) => error);
      await replay;
    };
    await expect(exchange()).rejects.toBeInstanceOf(InvalidGrantError);
    expect(await replay).toBeInstanceOf(InvalidGrantError);
    expect(await tessera.refreshTokens.listLive(user.id)).toEqual([]);
  });

  it('concurrent redemptions: exactly one gets tokens', async () => {
    const { exchange } = await setup();
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => exchange()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
