import { describe, expect, it } from 'vitest';
import { InsufficientScopeError, TokenInvalidError } from '../../src/index.js';
import { authorizeQuery, codeFlowSetup, issueCode, pkcePair, redirectUri } from './support/code-flow.js';

async function tokenFor(scope: string) {
  const ctx = await codeFlowSetup();
  const pkce = pkcePair();
  const code = await issueCode(ctx.tessera, authorizeQuery(ctx.client.id, pkce.challenge, { scope }), ctx.authorizing);
  const response = await ctx.tessera.oidc.codeGrant.exchange(ctx.client, { code, redirectUri, codeVerifier: pkce.verifier });
  return { ...ctx, response };
}

describe('UserInfo (OIDC Core §5.3)', () => {
  it('releases sub, and email claims under scope email only', async () => {
    const withEmail = await tokenFor('openid email');
    expect(await withEmail.tessera.oidc.userInfo.claims(withEmail.response.access_token)).toEqual({ sub: withEmail.user.id, email: 'ada@example.com', email_verified: false });
    const without = await tokenFor('openid');
    expect(await without.tessera.oidc.userInfo.claims(without.response.access_token)).toEqual({ sub: without.user.id });
  });

  it('needs the openid scope', async () => {
    const { tessera, response } = await tokenFor('email');
    await expect(tessera.oidc.userInfo.claims(response.access_token)).rejects.toBeInstanceOf(InsufficientScopeError);
  });

  it('refuses revoked tokens, tokens of a disabled user and garbage', async () => {
    const revoked = await tokenFor('openid');
    await revoked.tessera.tokens.revoke(revoked.client, revoked.response.access_token);
    await expect(revoked.tessera.oidc.userInfo.claims(revoked.response.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
    const disabled = await tokenFor('openid');
    await disabled.tessera.stores.users.setDisabledAt(disabled.user.id, disabled.clock.now(), disabled.clock.now());
    await expect(disabled.tessera.oidc.userInfo.claims(disabled.response.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(disabled.tessera.oidc.userInfo.claims('not.a.token')).rejects.toBeInstanceOf(TokenInvalidError);
  });
});
