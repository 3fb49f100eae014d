import { describe, expect, it } from 'vitest';
import { InvalidCredentialsError, InvalidGrantError, InvalidResourceOwnerCredentialsError, InvalidTargetError, RefreshTokenReuseError } from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';

const email = 'grace@example.com';
const password = 'compiler of 1952 fame';

/** The core says what went wrong by class, so the server checks `instanceof` and never re-queries a store to guess. */
describe('typed grant errors', () => {
  it('a reuse outside the grace window is a RefreshTokenReuseError naming the family; an unknown token is not', async () => {
    const { tessera, clock } = await createTestTessera({ refreshGraceSeconds: 1 });
    const first = await tessera.refreshTokens.startFamily({ userId: 'user-1', clientId: 'tessera', scope: 'openid', audience: 'https://auth.example.test' });
    await tessera.refreshTokens.rotate(first.token);
    clock.advanceSeconds(2);
    const reuse = await tessera.refreshTokens.rotate(first.token).catch((error: unknown) => error);
    expect(reuse).toBeInstanceOf(RefreshTokenReuseError);
    expect(reuse).toBeInstanceOf(InvalidGrantError);
    expect((reuse as RefreshTokenReuseError).code).toBe('invalid_grant');
    expect((reuse as RefreshTokenReuseError).familyId).toBe(first.family.id);
    const unknown = await tessera.refreshTokens.rotate('A'.repeat(43)).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(InvalidGrantError);
    expect(unknown).not.toBeInstanceOf(RefreshTokenReuseError);
  });

  it("the password grant's wrong credentials are InvalidResourceOwnerCredentialsError, caused by InvalidCredentialsError", async () => {
    const { tessera } = await createTestTessera();
    await tessera.accounts.signUp(email, password);
    const firstParty = await tessera.clients.authenticate(undefined, undefined);
    const error = await tessera.tokens.passwordGrant(firstParty, { username: email, password: 'not the password' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResourceOwnerCredentialsError);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect((error as Error).cause).toBeInstanceOf(InvalidCredentialsError);
  });

  it('resources on a refresh must name the family audience; a refusal does not spend the token', async () => {
    const { tessera } = await createTestTessera();
    await tessera.accounts.signUp(email, password);
    const firstParty = await tessera.clients.authenticate(undefined, undefined);
    const granted = await tessera.tokens.passwordGrant(firstParty, { username: email, password });
    const refreshToken = granted.refresh_token!;
    await expect(tessera.tokens.refreshTokenGrant(firstParty, { refreshToken, resources: ['https://other.example.test'] })).rejects.toBeInstanceOf(InvalidTargetError);
    const rotated = await tessera.tokens.refreshTokenGrant(firstParty, { refreshToken, resources: ['https://auth.example.test', 'https://auth.example.test'] });
    expect(rotated.refresh_token).toBeTruthy();
  });
});
