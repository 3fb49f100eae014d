import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { JoseAccessTokenVerifier, TokenInvalidError } from '../../src/index.js';
import { createTestTessera } from '../support/create-test-tessera.js';

const issuer = 'https://auth.example.test';

async function setup() {
  const { tessera, clock } = await createTestTessera();
  const verifier = new JoseAccessTokenVerifier(tessera.keys, { issuer }, clock);
  const key = await tessera.keys.signingKey();
  const iat = Math.floor(clock.now() / 1000);
  const sign = (claims: Record<string, unknown>) =>
    new SignJWT({ sub: 'user-1', aud: issuer, client_id: 'tessera', scope: 'profile', jti: 'jti-1', ...claims })
      .setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid })
      .setIssuer(issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(key.privateKey);
  return { verifier, sign };
}

describe('JoseAccessTokenVerifier: RFC 9068 claims with their JSON types', () => {
  it('returns the claims of a well-formed token', async () => {
    const { verifier, sign } = await setup();
    await expect(verifier.verify(await sign({ sid: 'sid-1' }))).resolves.toMatchObject({ iss: issuer, sub: 'user-1', aud: issuer, client_id: 'tessera', jti: 'jti-1', sid: 'sid-1' });
  });

  // jose checks these claims are present, not that they are strings.
  it.each([
    ['client_id', { client_id: 42 }],
    ['jti', { jti: ['a'] }],
    ['sub', { sub: 7 }],
    ['scope', { scope: { read: true } }],
    ['sid', { sid: 1 }],
    ['aud', { aud: [] }],
  ])('refuses a token whose %s has the wrong type', async (_claim, claims) => {
    const { verifier, sign } = await setup();
    await expect(verifier.verify(await sign(claims))).rejects.toBeInstanceOf(TokenInvalidError);
  });
});
