import { createHash, randomBytes } from 'node:crypto';
import type { CoreSettings, RegisterClientInput, Tessera } from '../../../src/index.js';
import { createTestTessera } from '../../support/create-test-tessera.js';

export const redirectUri = 'https://rp.example/callback';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** A core with a user and a third-party code-flow client (confidential, with refresh tokens). */
export async function codeFlowSetup(settings: Partial<CoreSettings> = {}, client: Partial<RegisterClientInput> = {}) {
  const ctx = await createTestTessera(settings);
  const user = await ctx.tessera.accounts.signUp('ada@example.com', 'analytical engine 1843');
  const registered = await ctx.tessera.clients.register({
    id: 'rp-app',
    name: 'Relying Party',
    type: 'confidential',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    audiences: ['https://api.example'],
    redirectUris: [redirectUri],
    ...client,
  });
  const session = await ctx.tessera.sessions.create(user.id);
  const authorizing = { id: session.session.id, userId: user.id, authTime: session.session.createdAt, amr: ['pwd'] };
  return { ...ctx, user, client: registered.client, secret: registered.secret, authorizing };
}

/** A valid authorization query for `client`, with overrides (undefined deletes a parameter). */
export function authorizeQuery(clientId: string, challenge: string, overrides: Record<string, string | string[] | undefined> = {}): Record<string, unknown> {
  const query: Record<string, unknown> = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: 'openid email',
    state: 'st-123',
    nonce: 'n-456',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete query[name];
    else query[name] = value;
  }
  return query;
}

/** Runs the request through target, validation and issue: the code the redirect would carry. */
export async function issueCode(tessera: Tessera, query: Record<string, unknown>, authorizing: Parameters<Tessera['oidc']['authorization']['issueCode']>[1]) {
  const { authorization } = tessera.oidc;
  const request = authorization.validate(await authorization.target(query), query);
  return authorization.issueCode(request, authorizing);
}
