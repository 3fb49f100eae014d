import { describe, expect, it } from 'vitest';
import { AuthorizationRefusedError } from '../../src/index.js';
import { authorizeQuery, codeFlowSetup, pkcePair } from './support/code-flow.js';

async function setup(client = {}) {
  const ctx = await codeFlowSetup({}, client);
  const { challenge } = pkcePair();
  const { authorization } = ctx.tessera.oidc;
  const request = async (overrides: Parameters<typeof authorizeQuery>[2] = {}) => {
    const q = authorizeQuery(ctx.client.id, challenge, overrides);
    return authorization.validate(await authorization.target(q), q);
  };
  return { ...ctx, authorization, request };
}

const refusedWith = (oauthError: string): unknown => expect.objectContaining({ constructor: AuthorizationRefusedError, oauthError });

describe('authorization steps: login', () => {
  it('without a session the user logs in; with prompt=none it is login_required', async () => {
    const { authorization, request } = await setup();
    expect(await authorization.nextStep(await request(), null)).toBe('login');
    await expect(authorization.nextStep(await request({ prompt: 'none' }), null)).rejects.toEqual(refusedWith('login_required'));
  });

  it('prompt=login asks for a fresh login even with a session', async () => {
    const { authorization, request, authorizing } = await setup();
    expect(await authorization.nextStep(await request({ prompt: 'login' }), authorizing)).toBe('login');
  });

  it('max_age: a login older than it asks again; one just made fits even max_age=0', async () => {
    const { authorization, request, authorizing, clock } = await setup();
    expect(await authorization.nextStep(await request({ max_age: '0' }), authorizing)).not.toBe('login');
    clock.advanceSeconds(301);
    expect(await authorization.nextStep(await request({ max_age: '300' }), authorizing)).toBe('login');
    expect(await authorization.nextStep(await request({ max_age: '400' }), authorizing)).not.toBe('login');
    await expect(authorization.nextStep(await request({ max_age: '300', prompt: 'none' }), authorizing)).rejects.toEqual(refusedWith('login_required'));
  });
});

describe('authorization steps: consent (OIDC Core §3.1.2.4)', () => {
  it('a third-party client asks once per scope set, remembered per user and client', async () => {
    const { authorization, request, authorizing } = await setup();
    const first = await request({ scope: 'openid email' });
    expect(await authorization.nextStep(first, authorizing)).toBe('consent');
    await expect(authorization.nextStep(await request({ prompt: 'none' }), authorizing)).rejects.toEqual(refusedWith('consent_required'));
    await authorization.approve(first, authorizing);
    expect(await authorization.nextStep(await request({ scope: 'openid email' }), authorizing)).toBe('issue');
    expect(await authorization.nextStep(await request({ scope: 'openid' }), authorizing)).toBe('issue');
    expect(await authorization.nextStep(await request({ prompt: 'none' }), authorizing)).toBe('issue');
    // A wider set asks again; allowing it remembers the union.
    expect(await authorization.nextStep(await request({ scope: 'openid profile' }), authorizing)).toBe('consent');
    await authorization.approve(await request({ scope: 'openid profile' }), authorizing);
    expect(await authorization.nextStep(await request({ scope: 'openid email profile' }), authorizing)).toBe('issue');
    // prompt=consent always asks.
    expect(await authorization.nextStep(await request({ prompt: 'consent' }), authorizing)).toBe('consent');
  });

  it('consent given to one client does not carry to another, nor to another user', async () => {
    const ctx = await setup();
    await ctx.authorization.approve(await ctx.request(), ctx.authorizing);
    const other = await ctx.tessera.accounts.signUp('grace@example.com', 'compiler pioneer 1952');
    const session = await ctx.tessera.sessions.create(other.id);
    const grace = { id: session.session.id, userId: other.id, authTime: session.session.createdAt, amr: ['pwd'] };
    expect(await ctx.authorization.nextStep(await ctx.request(), grace)).toBe('consent');
    await ctx.tessera.clients.register({ ...ctx.client, id: 'rp-two', redirectUris: ctx.client.redirectUris });
    const q = { ...(await ctx.request()) };
    const target = await ctx.authorization.target({ ...authorizeQuery('rp-two', q.codeChallenge) });
    const second = ctx.authorization.validate(target, authorizeQuery('rp-two', q.codeChallenge));
    expect(await ctx.authorization.nextStep(second, ctx.authorizing)).toBe('consent');
  });

  it('a first-party client never asks', async () => {
    const { authorization, request, authorizing } = await setup({ firstParty: true });
    expect(await authorization.nextStep(await request(), authorizing)).toBe('issue');
    expect(await authorization.nextStep(await request({ prompt: 'none' }), authorizing)).toBe('issue');
  });

  it('denial is access_denied', async () => {
    const { authorization } = await setup();
    expect(authorization.deny()).toEqual(refusedWith('access_denied'));
  });
});
