import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  securityEventTokenPayload,
  SESSION_REVOKED_EVENT,
  signSecurityEventToken,
  type RevocationEvent,
  type RevocationSubject,
  type SecurityEventTokenPayload,
} from '../src/index.js';
import { createTestTessera } from './support/create-test-tessera.js';

const issuer = 'https://auth.example.test';

function event(subject: RevocationSubject, overrides: Partial<RevocationEvent> = {}): RevocationEvent {
  return { id: '42', at: Date.UTC(2026, 0, 1, 12, 0, 0, 123), subject, expiresAt: Date.UTC(2026, 0, 1, 12, 10, 0, 1), ...overrides };
}

async function verifiedPayload(token: string, jwks: ReturnType<typeof createLocalJWKSet>): Promise<SecurityEventTokenPayload> {
  const { payload } = await compactVerify(token, jwks);
  return JSON.parse(new TextDecoder().decode(payload)) as SecurityEventTokenPayload;
}

describe('security event tokens (RFC 8417, CAEP session-revoked)', () => {
  it('names a revoked session by its sid, in the CAEP subject and the tessera member', () => {
    const payload = securityEventTokenPayload(event({ kind: 'session', sid: 'sid-1', userId: 'user-1' }), { issuer });
    expect(payload).toEqual({
      iss: issuer,
      jti: '42',
      iat: Date.UTC(2026, 0, 1, 12, 0, 0, 123) / 1000,
      events: { [SESSION_REVOKED_EVENT]: { subject: { format: 'opaque', id: 'sid-1' }, event_timestamp: Date.UTC(2026, 0, 1, 12, 0, 0, 123) / 1000 } },
      tessera: { kind: 'session', sid: 'sid-1', sub: 'user-1', until: Date.UTC(2026, 0, 1, 12, 10, 1) / 1000 },
    });
    expect(payload).not.toHaveProperty('aud');
    expect(payload).not.toHaveProperty('exp');
    expect(payload).not.toHaveProperty('sub');
  });

  it('names each kind by what a verifier matches: sid, jti or sub', () => {
    const tessera = (subject: RevocationSubject) => securityEventTokenPayload(event(subject), { issuer }).tessera;
    const subjectId = (subject: RevocationSubject) => securityEventTokenPayload(event(subject), { issuer }).events[SESSION_REVOKED_EVENT].subject.id;
    expect(tessera({ kind: 'refresh_family', sid: 'fam-1', userId: 'u' })).toMatchObject({ kind: 'refresh_family', sid: 'fam-1', sub: 'u' });
    expect(subjectId({ kind: 'refresh_family', sid: 'fam-1', userId: 'u' })).toBe('fam-1');
    expect(tessera({ kind: 'token', jti: 'jti-1', userId: 'u' })).toEqual(expect.objectContaining({ kind: 'token', jti: 'jti-1', sub: 'u' }));
    expect(tessera({ kind: 'token', jti: 'jti-1', userId: 'u' })).not.toHaveProperty('sid');
    expect(subjectId({ kind: 'token', jti: 'jti-1', userId: 'u' })).toBe('u');
    expect(tessera({ kind: 'user', userId: 'u' })).toEqual({ kind: 'user', sub: 'u', until: expect.any(Number) });
    expect(subjectId({ kind: 'user', userId: 'u' })).toBe('u');
  });

  it('rounds `until` up, so a revocation is never forgotten before its last token expires', () => {
    const { tessera } = securityEventTokenPayload(event({ kind: 'user', userId: 'u' }, { expiresAt: 1_000_001 }), { issuer });
    expect(tessera.until).toBe(1001);
  });

  it('carries `aud` only when asked', () => {
    const payload = securityEventTokenPayload(event({ kind: 'user', userId: 'u' }), { issuer, audience: ['orders', 'billing'] });
    expect(payload.aud).toEqual(['orders', 'billing']);
  });

  it('refuses an event the log has not numbered yet', () => {
    expect(() => securityEventTokenPayload(event({ kind: 'user', userId: 'u' }, { id: '' }), { issuer })).toThrow(TypeError);
  });

  it('is signed with the current signing key, typ secevent+jwt, and verifies against the published JWKS', async () => {
    const { tessera } = await createTestTessera({ signingAlgorithm: 'EdDSA' });
    const revoked = await tessera.revocation.revokeSid('session', 'sid-9', 'user-9');
    const signed = await signSecurityEventToken(revoked, tessera.keys, { issuer: tessera.settings.issuer });
    const current = await tessera.keys.signingKey();
    expect(decodeProtectedHeader(signed.token)).toEqual({ alg: 'EdDSA', kid: current.kid, typ: 'secevent+jwt' });
    expect(signed.kid).toBe(current.kid);
    const payload = await verifiedPayload(signed.token, createLocalJWKSet(tessera.keys.jwks()));
    expect(payload).toEqual(securityEventTokenPayload(revoked, { issuer: tessera.settings.issuer }));
    expect(payload.jti).toBe(revoked.id);
  });

  it('the same event signed twice carries the same claims (a replay after restart is the same event)', async () => {
    const { tessera } = await createTestTessera();
    const revoked = await tessera.revocation.revokeAccessToken('jti-7', 'user-7', tessera.clock.now() + 60_000);
    const jwks = createLocalJWKSet(tessera.keys.jwks());
    const [a, b] = await Promise.all([1, 2].map(async () => (await signSecurityEventToken(revoked, tessera.keys, { issuer })).token));
    expect(await verifiedPayload(a!, jwks)).toEqual(await verifiedPayload(b!, jwks));
  });

  it('follows key rotation: the staged key signs events once it activates', async () => {
    const { tessera, clock } = await createTestTessera({ jwksMaxAgeSeconds: 60, signingAlgorithm: 'ES256' });
    const old = (await tessera.keys.signingKey()).kid;
    const next = await tessera.keys.rotate();
    const revoked = await tessera.revocation.revokeUser('user-1');
    expect((await signSecurityEventToken(revoked, tessera.keys, { issuer })).kid).toBe(old);
    clock.advanceSeconds(61);
    const signed = await signSecurityEventToken(revoked, tessera.keys, { issuer });
    expect(signed.kid).toBe(next.kid);
    expect(decodeProtectedHeader(signed.token)).toMatchObject({ alg: 'ES256', kid: next.kid });
    await verifiedPayload(signed.token, createLocalJWKSet(tessera.keys.jwks()));
  });
});
