import { describe, expect, it } from 'vitest';
import { ClientService, InvalidInputError, MemoryClientStore, matchesRegisteredRedirectUri, systemClock, systemRandom, type RegisterClientInput } from '../src/index.js';

const issuer = 'https://auth.example.test';
const service = () => new ClientService(new MemoryClientStore(), systemClock, systemRandom, issuer);
const spa: RegisterClientInput = {
  name: 'Shop SPA',
  type: 'public',
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'email'],
  redirectUris: ['https://shop.example.test/callback'],
};

async function refusal(input: Partial<RegisterClientInput>): Promise<InvalidInputError> {
  const error = await service().register({ ...spa, ...input }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('ClientService.register', () => {
  it('stores the OAuth/OIDC fields, defaulting the audience to the issuer', async () => {
    const clients = service();
    const { client, secret } = await clients.register({
      ...spa,
      postLogoutRedirectUris: ['https://shop.example.test/'],
      backchannelLogoutUri: 'https://shop.example.test/backchannel',
      firstParty: true,
      idTokenSignedResponseAlg: 'ES256',
    });
    expect(secret).toBeNull();
    expect(client).toMatchObject({
      type: 'public',
      grantTypes: ['authorization_code', 'refresh_token'],
      audiences: [issuer],
      redirectUris: ['https://shop.example.test/callback'],
      postLogoutRedirectUris: ['https://shop.example.test/'],
      backchannelLogoutUri: 'https://shop.example.test/backchannel',
      firstParty: true,
      idTokenSignedResponseAlg: 'ES256',
    });
    expect(await clients.find(client.id)).toEqual(client);
  });

  it('defaults: not first-party, server id-token algorithm, no logout URIs', async () => {
    const { client } = await service().register(spa);
    expect(client).toMatchObject({ firstParty: false, idTokenSignedResponseAlg: null, postLogoutRedirectUris: [], backchannelLogoutUri: null });
  });

  it('accepts native-app redirects: loopback http (RFC 8252 §7.3) and private-use schemes (§7.1)', async () => {
    const redirectUris = ['http://127.0.0.1/callback', 'http://[::1]:8123/cb', 'com.example.shop:/oauth2redirect'];
    const { client } = await service().register({ ...spa, redirectUris });
    expect(client.redirectUris).toEqual(redirectUris);
  });

  it.each([
    ['/callback', /absolute/],
    ['https://shop.example.test/cb#frag', /fragment/],
    ['https://shop.example.test/cb#', /fragment/],
    ['http://shop.example.test/cb', /loopback/],
    ['javascript:alert(1)', /scheme/],
    ['myapp:/cb', /scheme/],
    ['https://user:pw@shop.example.test/cb', /credentials/],
  ])('refuses the redirect URI %s', async (uri, message) => {
    const error = await refusal({ redirectUris: [uri] });
    expect(error.field).toBe('redirectUris');
    expect(error.message).toMatch(message);
  });

  it('refuses a bad post-logout redirect URI or back-channel logout URI', async () => {
    expect((await refusal({ postLogoutRedirectUris: ['http://shop.example.test/'] })).field).toBe('postLogoutRedirectUris');
    expect((await refusal({ backchannelLogoutUri: 'com.example.shop:/logout' })).field).toBe('backchannelLogoutUri');
    expect((await refusal({ backchannelLogoutUri: 'https://shop.example.test/bc#x' })).field).toBe('backchannelLogoutUri');
  });

  it('authorization_code needs a redirect URI', async () => {
    expect((await refusal({ redirectUris: [] })).field).toBe('redirectUris');
  });

  it('public clients never get client_credentials; unknown grants and empty grant lists are refused', async () => {
    expect((await refusal({ grantTypes: ['client_credentials'] })).message).toMatch(/confidential/);
    expect((await refusal({ grantTypes: ['implicit'] })).message).toMatch(/unsupported grant type implicit/);
    expect((await refusal({ grantTypes: [] })).field).toBe('grantTypes');
  });

  it('the password grant is only there when asked for; the built-in first-party client keeps it', async () => {
    const clients = service();
    expect((await clients.register(spa)).client.grantTypes).not.toContain('password');
    expect((await clients.register({ ...spa, grantTypes: ['password', 'refresh_token'], redirectUris: [] })).client.grantTypes).toEqual(['password', 'refresh_token']);
    expect(await clients.find('tessera')).toMatchObject({ grantTypes: ['password', 'refresh_token'], firstParty: true, audiences: [issuer] });
  });

  it('refuses an unknown id-token algorithm', async () => {
    expect((await refusal({ idTokenSignedResponseAlg: 'HS256' })).field).toBe('idTokenSignedResponseAlg');
  });
});

describe('matchesRegisteredRedirectUri', () => {
  const registered = ['https://shop.example.test/cb', 'http://127.0.0.1/cb', 'http://[::1]:9000/cb', 'http://localhost:3000/cb'];

  it('matches exactly', () => {
    expect(matchesRegisteredRedirectUri(registered, 'https://shop.example.test/cb')).toBe(true);
    expect(matchesRegisteredRedirectUri(registered, 'https://shop.example.test/cb/')).toBe(false);
    expect(matchesRegisteredRedirectUri(registered, 'https://shop.example.test/cb?x=1')).toBe(false);
    expect(matchesRegisteredRedirectUri(registered, 'https://shop.example.test:8443/cb')).toBe(false);
    expect(matchesRegisteredRedirectUri(registered, 'https://SHOP.example.test/cb')).toBe(false);
  });

  it('lets a loopback IP redirect use any port (RFC 8252 §7.3), nothing else', () => {
    expect(matchesRegisteredRedirectUri(registered, 'http://127.0.0.1:51234/cb')).toBe(true);
    expect(matchesRegisteredRedirectUri(registered, 'http://[::1]:40000/cb')).toBe(true);
    expect(matchesRegisteredRedirectUri(registered, 'http://127.0.0.1:51234/other')).toBe(false);
    expect(matchesRegisteredRedirectUri(registered, 'http://127.0.0.1:51234/x/../cb')).toBe(false);
    expect(matchesRegisteredRedirectUri(registered, 'http://[::1]:40000/cb#x')).toBe(false);
    // `localhost` is matched exactly: the any-port rule is for IP literals.
    expect(matchesRegisteredRedirectUri(registered, 'http://localhost:3001/cb')).toBe(false);
    expect(matchesRegisteredRedirectUri(registered, 'http://localhost:3000/cb')).toBe(true);
  });
});
