import { describe, expect, it } from 'vitest';
import { createVerifier, VerifyError } from '../../src/index.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';
import { generateTestKey } from '../support/keys.js';
import { accessToken, AUDIENCE, fixedClock, ISSUER } from '../support/tokens.js';

function setup(cooldownMs = 30_000, maxAgeMs = 600_000) {
  const current = generateTestKey('EdDSA');
  const server = new FakeAuthorizationServer([current.jwk]);
  const clock = fixedClock();
  const verifier = createVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    fetch: server.fetch,
    clock,
    jwksCooldownMs: cooldownMs,
    jwksCacheMaxAgeMs: maxAgeMs,
  });
  return { current, server, clock, verifier };
}

const codeOf = (result: PromiseSettledResult<unknown>): string | undefined =>
  result.status === 'rejected' ? (result.reason as VerifyError).code : undefined;

describe('KeySet: unknown kid and cooldown', () => {
  it('a storm of forged kids causes at most one JWKS fetch per cooldown', async () => {
    const { current, server, clock, verifier } = setup();
    await verifier.verify(accessToken(current));
    expect(server.jwksFetches).toBe(1);
    clock.advance(30_001);
    const attacker = generateTestKey('EdDSA');
    const storm = Array.from({ length: 500 }, (_, i) => verifier.verify(accessToken({ ...attacker, kid: `forged-${i}` })));
    const results = await Promise.allSettled(storm);
    expect(results.every((result) => codeOf(result) === 'unknown_key')).toBe(true);
    expect(server.jwksFetches).toBe(2);
    // Still inside the cooldown: more forged kids cost nothing.
    clock.advance(29_000);
    await Promise.allSettled(Array.from({ length: 100 }, (_, i) => verifier.verify(accessToken({ ...attacker, kid: `again-${i}` }))));
    expect(server.jwksFetches).toBe(2);
    // The next cooldown allows exactly one more.
    clock.advance(1_001);
    await Promise.allSettled(Array.from({ length: 100 }, (_, i) => verifier.verify(accessToken({ ...attacker, kid: `later-${i}` }))));
    expect(server.jwksFetches).toBe(3);
  });

  it('concurrent requests for unknown kids share one in-flight fetch', async () => {
    const { current, server, verifier } = setup();
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    const pending = Array.from({ length: 50 }, () => verifier.verify(accessToken(current)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    const results = await Promise.allSettled(pending);
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(server.jwksFetches).toBe(1);
  });

  it('verifications that run while another waits for its key never share decoded bytes', async () => {
    const { current, server, verifier } = setup();
    const other = generateTestKey('EdDSA');
    const local = createVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { keys: [other.jwk] }, clock: fixedClock() });
    await local.ready();
    let release!: () => void;
    server.gate = new Promise((resolve) => (release = resolve));
    const waiting = verifier.verify(accessToken(current, { sub: 'waiting' }));
    // Meanwhile other tokens (other signatures, other payloads) go through the shared buffers.
    for (let i = 0; i < 20; i++) expect((await local.verify(accessToken(other, { sub: `other-${i}` }))).sub).toBe(`other-${i}`);
    release();
    await expect(waiting).resolves.toMatchObject({ sub: 'waiting' });
  });

  it('a token without kid is refused without any fetch after the first load', async () => {
    const { current, server, verifier } = setup();
    await verifier.ready();
    const error = await verifier.verify(accessToken(current, {}, { kid: undefined })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unknown_key' });
    expect(server.jwksFetches).toBe(1);
  });
});

describe('KeySet: rotation', () => {
  it('old tokens keep verifying and a newly published key is picked up on its first kid', async () => {
    const { current, server, clock, verifier } = setup();
    const oldToken = accessToken(current);
    await verifier.verify(oldToken);
    // The server publishes the next key; the verifier learns it on the first token signed with it.
    const next = generateTestKey('ES256');
    server.keys = [current.jwk, next.jwk];
    clock.advance(30_001);
    await expect(verifier.verify(accessToken(next))).resolves.toBeDefined();
    await expect(verifier.verify(oldToken)).resolves.toBeDefined();
    expect(server.jwksFetches).toBe(2);
  });

  it('reloads in the background after jwksCacheMaxAgeMs; a retired key then disappears', async () => {
    const { current, server, clock, verifier } = setup(30_000, 60_000);
    await verifier.verify(accessToken(current));
    const next = generateTestKey('EdDSA');
    server.keys = [next.jwk];
    clock.advance(60_001);
    // This request is served with the current keys while the reload runs.
    await expect(verifier.verify(accessToken(current))).resolves.toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.jwksFetches).toBe(2);
    await expect(verifier.verify(accessToken(current))).rejects.toMatchObject({ code: 'unknown_key' });
    await expect(verifier.verify(accessToken(next))).resolves.toBeDefined();
  });

  it('keeps serving the old keys when a reload fails', async () => {
    const { current, server, clock, verifier } = setup(30_000, 60_000);
    await verifier.verify(accessToken(current));
    server.jwksStatus = 500;
    clock.advance(60_001);
    await verifier.verify(accessToken(current));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(verifier.verify(accessToken(current))).resolves.toBeDefined();
    expect(verifier.metrics().jwks.failures).toBe(1);
  });
});
