import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { IntrospectionNotAllowedError, InvalidClientError, InvalidGrantError, InvalidScopeError, TokenInvalidError, UnauthorizedClientError } from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';

const email = 'ada@example.com';
const password = 'analytical engine 1843';

async function setup(settings = {}) {
  const ctx = await createTestTessera(settings);
  await ctx.tessera.accounts.signUp(email, password);
  const firstParty = await ctx.tessera.clients.authenticate(undefined, undefined);
  return { ...ctx, firstParty };
}

describe('TokenService', () => {
  it('password grant issues an RFC 9068 access token and a refresh token', async () => {
    const { tessera, firstParty } = await setup();
    const response = await tessera.tokens.passwordGrant(firstParty, { username: email, password });
    expect(response).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(decodeProtectedHeader(response.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    const { payload } = await jwtVerify(response.access_token, createLocalJWKSet(tessera.keys.jwks()), {
      issuer: 'https://auth.example.test',
      audience: 'https://auth.example.test',
      typ: 'at+jwt',
      currentDate: new Date(tessera.clock.now()),
    });
    for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id', 'scope', 'sid']) expect(payload).toHaveProperty(claim);
    expect(response.refresh_token).toBeTruthy();
  });

  it('wrong password is invalid_grant; scope outside the client is invalid_scope', async () => {
    const { tessera, firstParty } = await setup();
    await expect(tessera.tokens.passwordGrant(firstParty, { username: email, password: 'wrong password!' })).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(tessera.tokens.passwordGrant(firstParty, { username: email, password, scope: 'admin' })).rejects.toBeInstanceOf(InvalidScopeError);
  });

  it('revoking an access token refuses it at once; revoking the refresh token kills its access tokens', async () => {
    const { tessera, firstParty } = await setup();
    const a = await tessera.tokens.passwordGrant(firstParty, { username: email, password });
    await tessera.tokens.authenticateAccessToken(a.access_token);
    await tessera.tokens.revoke(firstParty, a.access_token);
    await expect(tessera.tokens.authenticateAccessToken(a.access_token)).rejects.toBeInstanceOf(TokenInvalidError);

    const b = await tessera.tokens.passwordGrant(firstParty, { username: email, password });
    await tessera.tokens.revoke(firstParty, b.refresh_token!);
    await expect(tessera.tokens.authenticateAccessToken(b.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(tessera.tokens.refreshTokenGrant(firstParty, { refreshToken: b.refresh_token! })).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(tessera.tokens.revoke(firstParty, 'unknown-token')).resolves.toBeUndefined();
  });

  it('client_credentials for confidential clients only, with audience and scope checks', async () => {
    const { tessera, firstParty } = await setup();
    const { client, secret } = await tessera.clients.register({
      id: 'orders-service',
      name: 'Orders',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: ['billing:read'],
      audiences: ['billing'],
    });
    await expect(tessera.clients.authenticate(client.id, 'wrong')).rejects.toBeInstanceOf(InvalidClientError);
    const authenticated = await tessera.clients.authenticate(client.id, secret!);
    const response = await tessera.tokens.clientCredentialsGrant(authenticated, { scope: 'billing:read' });
    expect(response.refresh_token).toBeUndefined();
    const { client: billing } = await tessera.clients.register({
      id: 'billing-service',
      name: 'Billing',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: [],
      audiences: ['billing'],
      introspect: true,
    });
    const introspected = await tessera.tokens.introspect(billing, response.access_token);
    expect(introspected).toMatchObject({ active: true, token_type: 'Bearer', sub: 'orders-service', aud: 'billing', scope: 'billing:read' });
    await expect(tessera.tokens.clientCredentialsGrant(firstParty, {})).rejects.toBeInstanceOf(UnauthorizedClientError);
    // A token for `billing` is not accepted by this server's own resources.
    await expect(tessera.tokens.authenticateAccessToken(response.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
  });

  it('introspects its own refresh tokens and, when registered for them, sessions; inactive for anything else', async () => {
    const { tessera, firstParty } = await setup();
    const { client: app } = await tessera.clients.register({
      id: 'app-backend',
      name: 'App',
      type: 'confidential',
      grantTypes: ['password', 'refresh_token'],
      scopes: ['openid'],
      audiences: ['https://auth.example.test'],
      introspectSessions: true,
    });
    const grant = await tessera.tokens.passwordGrant(app, { username: email, password });
    expect(await tessera.tokens.introspect(app, grant.refresh_token!)).toMatchObject({ active: true, token_type: 'refresh_token' });
    const foreign = await tessera.tokens.passwordGrant(firstParty, { username: email, password });
    expect(await tessera.tokens.introspect(app, foreign.refresh_token!)).toEqual({ active: false });
    const { token } = await tessera.sessions.create('someone');
    expect(await tessera.tokens.introspect(app, token)).toMatchObject({ active: true, token_type: 'tessera_session', sub: 'someone', aud: 'https://auth.example.test' });
    expect(await tessera.tokens.introspect(app, 'garbage')).toEqual({ active: false });
    expect(await tessera.tokens.introspect(app, 'a.b.c')).toEqual({ active: false });
    await expect(tessera.tokens.introspect(firstParty, token)).rejects.toBeInstanceOf(IntrospectionNotAllowedError);
  });

  it('password change ends other sessions and every refresh family', async () => {
    const { tessera, firstParty } = await setup();
    const user = (await tessera.accounts.findByEmail(email))!;
    const keep = await tessera.sessions.create(user.id);
    const other = await tessera.sessions.create(user.id);
    const grant = await tessera.tokens.passwordGrant(firstParty, { username: email, password });
    await tessera.changePassword(user.id, password, 'a brand new passphrase', keep.session.id);
    expect(await tessera.sessions.authenticate(keep.token)).not.toBeNull();
    expect(await tessera.sessions.authenticate(other.token)).toBeNull();
    await expect(tessera.tokens.authenticateAccessToken(grant.access_token)).rejects.toBeInstanceOf(TokenInvalidError);
    await expect(tessera.accounts.authenticate(email, password)).rejects.toMatchObject({ code: 'invalid_credentials' });
  });
});
