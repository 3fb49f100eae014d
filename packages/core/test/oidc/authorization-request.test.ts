import { describe, expect, it } from 'vitest';
import { AuthorizationRefusedError, InvalidClientError, InvalidRedirectUriError } from '../../src/index.js';
import { authorizeQuery, codeFlowSetup, pkcePair, redirectUri } from './support/code-flow.js';

async function setup() {
  const ctx = await codeFlowSetup();
  const { challenge } = pkcePair();
  const { authorization } = ctx.tessera.oidc;
  const query = (overrides: Parameters<typeof authorizeQuery>[2] = {}) => authorizeQuery('rp-app', challenge, overrides);
  const refusal = async (overrides: Parameters<typeof authorizeQuery>[2]) => {
    const q = query(overrides);
    try {
      authorization.validate(await authorization.target(q), q);
    } catch (error) {
      return error;
    }
    throw new Error('the request was accepted');
  };
  return { ...ctx, challenge, authorization, query, refusal };
}

describe('authorization request: what is never redirected (RFC 6749 §4.1.2.1)', () => {
  it('an unknown, missing or repeated client_id is InvalidClientError', async () => {
    const { refusal } = await setup();
    for (const client_id of ['nobody', undefined, ['rp-app', 'rp-app']]) {
      expect(await refusal({ client_id }), String(client_id)).toBeInstanceOf(InvalidClientError);
    }
  });

  it('a missing, repeated or unregistered redirect_uri is InvalidRedirectUriError', async () => {
    const { refusal } = await setup();
    for (const redirect_uri of [undefined, [redirectUri, redirectUri], 'https://rp.example/callback/x', 'https://evil.test/callback', `${redirectUri}?next=x`]) {
      expect(await refusal({ redirect_uri }), String(redirect_uri)).toBeInstanceOf(InvalidRedirectUriError);
    }
  });

  it('checks redirect_uri before anything else: a bad one with other errors still gets no redirect', async () => {
    const { refusal } = await setup();
    expect(await refusal({ redirect_uri: 'https://evil.test/', response_type: 'token', code_challenge: undefined })).toBeInstanceOf(InvalidRedirectUriError);
  });
});

describe('authorization request: refusals sent back to the client', () => {
  const cases: [string, Parameters<typeof authorizeQuery>[2], string][] = [
    ['missing response_type', { response_type: undefined }, 'invalid_request'],
    ['implicit flow', { response_type: 'token' }, 'unsupported_response_type'],
    ['hybrid flow', { response_type: 'code id_token' }, 'unsupported_response_type'],
    ['fragment response mode', { response_mode: 'fragment' }, 'invalid_request'],
    ['missing PKCE challenge', { code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
    ['missing PKCE method (plain by default)', { code_challenge_method: undefined }, 'invalid_request'],
    ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['challenge not S256-shaped', { code_challenge: 'short' }, 'invalid_request'],
    ['scope the client lacks', { scope: 'openid admin' }, 'invalid_scope'],
    ['resource the client lacks', { resource: 'https://other.example' }, 'invalid_target'],
    ['repeated resource', { resource: ['https://api.example', 'https://api.example'] }, 'invalid_target'],
    ['unknown prompt', { prompt: 'select_account' }, 'invalid_request'],
    ['prompt none with login', { prompt: 'none login' }, 'invalid_request'],
    ['negative max_age', { max_age: '-1' }, 'invalid_request'],
    ['max_age not a number', { max_age: 'soon' }, 'invalid_request'],
    ['repeated scope', { scope: ['openid', 'email'] }, 'invalid_request'],
    ['repeated state', { state: ['a', 'b'] }, 'invalid_request'],
    ['request object', { request: 'eyJ...' }, 'request_not_supported'],
    ['request_uri', { request_uri: 'https://rp.example/r' }, 'request_uri_not_supported'],
    ['oversized nonce', { nonce: 'n'.repeat(513) }, 'invalid_request'],
  ];
  for (const [name, overrides, expected] of cases) {
    it(`${name} → ${expected}`, async () => {
      const { refusal } = await setup();
      const error = await refusal(overrides);
      expect(error).toBeInstanceOf(AuthorizationRefusedError);
      expect((error as AuthorizationRefusedError).oauthError).toBe(expected);
    });
  }

  it('a client not registered for the code flow → unauthorized_client', async () => {
    const { tessera, challenge } = await setup();
    await tessera.clients.register({ id: 'cc-only', name: 'CC', type: 'public', grantTypes: ['refresh_token'], scopes: ['openid'], audiences: ['a'], redirectUris: [redirectUri] });
    const q = authorizeQuery('cc-only', challenge);
    const { authorization } = tessera.oidc;
    const target = await authorization.target(q);
    expect(() => authorization.validate(target, q)).toThrow(expect.objectContaining({ oauthError: 'unauthorized_client' }));
  });
});

describe('authorization request: accepted', () => {
  it('yields the validated fields; empty parameters count as absent (RFC 6749 §3.1)', async () => {
    const { authorization, query, challenge, client } = await setup();
    const q = query({ prompt: 'consent login', max_age: '300', login_hint: 'ada@example.com', login_hint_extra: 'ignored', resource: '' });
    const request = authorization.validate(await authorization.target(q), q);
    expect(request).toMatchObject({
      redirectUri,
      state: 'st-123',
      scope: 'openid email',
      scopes: ['openid', 'email'],
      openid: true,
      audience: 'https://api.example',
      codeChallenge: challenge,
      nonce: 'n-456',
      maxAgeSeconds: 300,
      loginHint: 'ada@example.com',
    });
    expect(request.client.id).toBe(client.id);
    expect([...request.prompt].sort()).toEqual(['consent', 'login']);
  });

  it('a request without openid is plain OAuth: no ID token will be issued', async () => {
    const { authorization, query } = await setup();
    const q = query({ scope: 'profile', nonce: undefined });
    const request = authorization.validate(await authorization.target(q), q);
    expect(request).toMatchObject({ openid: false, nonce: null, state: 'st-123' });
  });
});
