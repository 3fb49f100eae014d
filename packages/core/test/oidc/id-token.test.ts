import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { TokenInvalidError } from '../../src/index.js';
import { authorizeQuery, codeFlowSetup, issueCode, pkcePair, redirectUri } from './support/code-flow.js';

async function idTokenFor(overrides: Parameters<typeof authorizeQuery>[2] = {}, client = {}) {
  const ctx = await codeFlowSetup({}, client);
  const pkce = pkcePair();
  const code = await issueCode(ctx.tessera, authorizeQuery(ctx.client.id, pkce.challenge, overrides), ctx.authorizing);
  const response = await ctx.tessera.oidc.codeGrant.exchange(ctx.client, { code, redirectUri, codeVerifier: pkce.verifier });
  const verify = () =>
    jwtVerify(response.id_token!, createLocalJWKSet(ctx.tessera.keys.jwks()), {
      issuer: 'https://auth.example.test',
      audience: ctx.client.id,
      currentDate: new Date(ctx.clock.now()),
      typ: 'JWT',
    });
  return { ...ctx, response, verify };
}

describe('ID tokens (OIDC Core §3.1.3.6)', () => {
  it('are RS256 by default, next to the access-token key in the JWKS, and carry the required claims', async () => {
    const { response, verify, tessera, user, authorizing } = await idTokenFor();
    expect(decodeProtectedHeader(response.id_token!)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(decodeProtectedHeader(response.access_token).alg).toBe('ES256');
    expect(tessera.keys.algorithms().sort()).toEqual(['ES256', 'RS256']);
    const { payload } = await verify();
    expect(payload).toMatchObject({
      sub: user.id,
      aud: 'rp-app',
      nonce: 'n-456',
      sid: authorizing.id,
      amr: ['pwd'],
      auth_time: Math.floor(authorizing.authTime / 1000),
      email: 'ada@example.com',
      email_verified: false,
    });
    expect(payload.exp! - payload.iat!).toBe(600);
  });

  it('at_hash is the left half of SHA-256 of the access token', async () => {
    const { response, verify } = await idTokenFor();
    const digest = createHash('sha256').update(response.access_token).digest();
    expect((await verify()).payload.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
  });

  it('have no email without scope email, and no nonce when the request had none', async () => {
    const { verify } = await idTokenFor({ scope: 'openid', nonce: undefined });
    const { payload } = await verify();
    expect(payload).not.toHaveProperty('email');
    expect(payload).not.toHaveProperty('email_verified');
    expect(payload).not.toHaveProperty('nonce');
  });

  it('are not issued without openid', async () => {
    const { response } = await idTokenFor({ scope: 'email' });
    expect(response.id_token).toBeUndefined();
  });

  it('use the client\'s id_token_signed_response_alg when it registered one', async () => {
    const { response, verify } = await idTokenFor({}, { idTokenSignedResponseAlg: 'PS256' });
    expect(decodeProtectedHeader(response.id_token!).alg).toBe('PS256');
    await verify();
  });

  it('are never accepted as access tokens (typ JWT, not at+jwt)', async () => {
    const { response, tessera } = await idTokenFor();
    await expect(tessera.tokens.authenticateAccessToken(response.id_token!)).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(tessera.oidc.userInfo.claims(response.id_token!)).rejects.toBeInstanceOf(TokenInvalidError);
  });
});
