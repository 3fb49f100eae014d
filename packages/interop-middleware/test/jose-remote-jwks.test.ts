import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperedSignature } from './support/protected-route.js';
import { ORDERS_API, startTessera, type InteropTessera } from './support/start-tessera.js';

describe("jose's createRemoteJWKSet verifies a default Tessera token", () => {
  let tessera: InteropTessera;
  let jwks: ReturnType<typeof createRemoteJWKSet>;

  beforeAll(async () => {
    tessera = await startTessera();
    jwks = createRemoteJWKSet(new URL(tessera.jwksUri));
  });

  afterAll(async () => {
    await tessera.close();
  });

  it('accepts the token /oauth/token issued, as an RFC 9068 access token', async () => {
    const { payload, protectedHeader } = await jwtVerify(await tessera.accessToken(), jwks, {
      issuer: tessera.issuer,
      audience: ORDERS_API.audience,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: ORDERS_API.id, client_id: ORDERS_API.id, scope: ORDERS_API.scope });
  });

  it('refuses a tampered token', async () => {
    const token = tamperedSignature(await tessera.accessToken());
    await expect(jwtVerify(token, jwks, { issuer: tessera.issuer, audience: ORDERS_API.audience })).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });
});
