import { describe, expect, it } from 'vitest';
import { InvalidGrantError } from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';

const family = { userId: 'user-1', clientId: 'tessera', scope: 'openid', audience: 'https://auth.example.test' };

describe('RefreshTokenService', () => {
  it('rotates: the successor works, the parent is spent', async () => {
    const { tessera, clock } = await createTestTessera({ refreshGraceSeconds: 5 });
    const first = await tessera.refreshTokens.startFamily(family);
    const second = await tessera.refreshTokens.rotate(first.token);
    expect(second.token).not.toBe(first.token);
    expect(Buffer.from(second.token, 'base64url').length).toBe(32);
    const third = await tessera.refreshTokens.rotate(second.token);
    expect(third.family.id).toBe(first.family.id);
    clock.advanceSeconds(6);
    await expect(tessera.refreshTokens.rotate(first.token)).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('answers concurrent uses of one token with one and the same successor', async () => {
    const { tessera } = await createTestTessera();
    const first = await tessera.refreshTokens.startFamily(family);
    const results = await Promise.all(Array.from({ length: 20 }, () => tessera.refreshTokens.rotate(first.token)));
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    await expect(tessera.refreshTokens.rotate(results[0]!.token)).resolves.toBeDefined();
  });

  it('repeats inside the grace window get the same successor; after it, reuse kills the family', async () => {
    const { tessera, clock, stores } = await createTestTessera({ refreshGraceSeconds: 5 });
    const first = await tessera.refreshTokens.startFamily(family);
    const second = await tessera.refreshTokens.rotate(first.token);
    clock.advanceSeconds(4);
    expect((await tessera.refreshTokens.rotate(first.token)).token).toBe(second.token);
    clock.advanceSeconds(2);
    await expect(tessera.refreshTokens.rotate(first.token)).rejects.toThrow(/already used/);
    await expect(tessera.refreshTokens.rotate(second.token)).rejects.toBeInstanceOf(InvalidGrantError);
    expect((await stores.refreshTokens.findFamily(first.family.id))?.revokedAt).not.toBeNull();
    expect(await stores.denylist.isDenied('some-jti', first.family.id, clock.now())).toBe(true);
  });

  it('treats a repeat whose successor was already spent as theft, even inside the grace window', async () => {
    const { tessera } = await createTestTessera({ refreshGraceSeconds: 30 });
    const first = await tessera.refreshTokens.startFamily(family);
    const second = await tessera.refreshTokens.rotate(first.token);
    const third = await tessera.refreshTokens.rotate(second.token);
    await expect(tessera.refreshTokens.rotate(first.token)).rejects.toBeInstanceOf(InvalidGrantError);
    await expect(tessera.refreshTokens.rotate(third.token)).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('ends at the family\'s absolute lifetime', async () => {
    const { tessera, clock } = await createTestTessera({ refreshTokenTtlSeconds: 100 });
    const first = await tessera.refreshTokens.startFamily(family);
    clock.advanceSeconds(50);
    const second = await tessera.refreshTokens.rotate(first.token);
    clock.advanceSeconds(51);
    await expect(tessera.refreshTokens.rotate(second.token)).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('refuses unknown, empty and oversized tokens', async () => {
    const { tessera } = await createTestTessera();
    for (const token of ['', 'nope', 'x'.repeat(10_000)]) {
      await expect(tessera.refreshTokens.rotate(token)).rejects.toBeInstanceOf(InvalidGrantError);
    }
  });

  it('stores no refresh token in plaintext', async () => {
    const { tessera, stores } = await createTestTessera();
    const first = await tessera.refreshTokens.startFamily(family);
    const second = await tessera.refreshTokens.rotate(first.token);
    const dump = JSON.stringify([await stores.refreshTokens.findToken('x'), await stores.refreshTokens.findFamily(first.family.id)]);
    expect(dump).not.toContain(first.token);
    expect(dump).not.toContain(second.token);
  });
});
