import { describe, expect, it } from 'vitest';
import { createVerifier, VerifyError } from '../../src/index.js';
import { FakeAuthorizationServer } from '../support/fake-authorization-server.js';
import { generateTestKey } from '../support/keys.js';
import { accessToken, AUDIENCE, fixedClock, ISSUER } from '../support/tokens.js';
import { setTimeout as sleep } from 'node:timers/promises';

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
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
    // Still inside the cooldown: more forged kids cost nothing.
    clock.advance(29_000);
    await Promise.allSettled(Array.from({ length: 100 }, (_, i) => verifier.verify(accessToken({ ...attacker, kid: `again-${i}` }))));
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
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
    await sleep(10);
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
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
  });

  it('reloads in the background after jwksCacheMaxAgeMs; a retired key then disappears', async () => {
    const { current, server, clock, verifier } = setup(30_000, 60_000);
    await verifier.verify(accessToken(current));
    const next = generateTestKey('EdDSA');
    server.keys = [next.jwk];
    clock.advance(60_001);
    // This request is served with the current keys while the reload runs.
    await expect(verifier.verify(accessToken(current))).resolves.toBeDefined();
    await sleep(20);
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
    await expect(verifier.verify(accessToken(current))).rejects.toMatchObject({ code: 'unknown_key' });
    await expect(verifier.verify(accessToken(next))).resolves.toBeDefined();
  });

  it('keeps serving the old keys when a reload fails', async () => {
    const { current, server, clock, verifier } = setup(30_000, 60_000);
    await verifier.verify(accessToken(current));
    server.jwksStatus = 500;
    clock.advance(60_001);
    await verifier.verify(accessToken(current));
    await sleep(20);
    await expect(verifier.verify(accessToken(current))).resolves.toBeDefined();
    expect(verifier.metrics().jwks.failures).toBe(1);
  });
});

describe('KeySet: reload schedule', () => {
  const settle = (): Promise<void> => sleep(20);

  function remote(extra: { jwksCooldownMs?: number; jwksCacheMaxAgeMs?: number } = {}) {
    const current = generateTestKey('EdDSA');
    const server = new FakeAuthorizationServer([current.jwk]);
    const clock = fixedClock();
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, fetch: server.fetch, clock, ...extra });
    const token = accessToken(current);
    /** One request at the current time, then let a background reload it started finish. */
    const request = async (): Promise<void> => {
      await verifier.verify(token);
      await settle();
    };
    return { server, clock, verifier, request };
  }

  it('reloads in the background after 300 s by default', async () => {
    const { server, clock, request } = remote();
    await request();
    clock.advance(299_000);
    await request();
    expect(server.jwksFetches).toBe(1);
    clock.advance(1_001);
    await request();
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
  });

  it('honours a shorter Cache-Control max-age from the JWKS response', async () => {
    const { server, clock, request } = remote();
    server.jwksCacheControl = 'public, max-age=60';
    await request();
    clock.advance(59_000);
    await request();
    expect(server.jwksFetches).toBe(1);
    clock.advance(1_001);
    await request();
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
  });

  it('caps a longer max-age by jwksCacheMaxAgeMs', async () => {
    const { server, clock, request } = remote({ jwksCacheMaxAgeMs: 120_000 });
    server.jwksCacheControl = 'max-age=86400';
    await request();
    clock.advance(120_001);
    await request();
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
  });

  it('reloads at most once a second for max-age=0 or no-store', async () => {
    for (const cacheControl of ['max-age=0', 'no-store', 'no-cache']) {
      const { server, clock, request } = remote();
      server.jwksCacheControl = cacheControl;
      await request();
      for (let i = 0; i < 10; i++) await request();
      expect(server.jwksFetches).toBe(1);
      clock.advance(1_001);
      await request();
      await request();
      await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
    }
  });

  it('the max-age reload does not wait for the unknown-kid cooldown', async () => {
    const { server, clock, verifier, request } = remote({ jwksCooldownMs: 30_000, jwksCacheMaxAgeMs: 10_000 });
    await request();
    // An unknown kid just now spent the cooldown...
    await verifier.verify(accessToken({ ...generateTestKey('EdDSA'), kid: 'forged' })).catch(() => undefined);
    expect(server.jwksFetches).toBe(1);
    // ...but the max-age reload is due after 10 s all the same.
    clock.advance(10_001);
    await request();
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
    clock.advance(10_001);
    await request();
    expect(server.jwksFetches).toBe(3);
  });

  it('retries a failed background reload after the cooldown, not on every request', async () => {
    const { server, clock, verifier, request } = remote({ jwksCooldownMs: 5_000, jwksCacheMaxAgeMs: 60_000 });
    await request();
    server.jwksStatus = 500;
    clock.advance(60_001);
    for (let i = 0; i < 10; i++) await request();
    await expect.poll(() => server.jwksFetches).toBe(2); // the background reload is not awaited by the request
    clock.advance(5_001);
    for (let i = 0; i < 10; i++) await request();
    expect(server.jwksFetches).toBe(3);
    server.jwksStatus = 200;
    clock.advance(5_001);
    await request();
    expect(server.jwksFetches).toBe(4);
    expect(verifier.metrics().jwks.failures).toBe(2);
    // Back on the normal schedule.
    clock.advance(59_000);
    await request();
    expect(server.jwksFetches).toBe(4);
  });

  it('a local key function is re-read on its max age, with no network', async () => {
    const first = generateTestKey('EdDSA');
    const second = generateTestKey('ES256');
    let published = [first.jwk];
    let reads = 0;
    const clock = fixedClock();
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: () => {
        reads++;
        return { keys: published };
      },
      jwksCacheMaxAgeMs: 1000,
      clock,
      fetch: () => Promise.reject(new Error('no network')),
    });
    await verifier.verify(accessToken(first));
    published = [second.jwk];
    clock.advance(1001);
    await verifier.verify(accessToken(first));
    await settle();
    expect(reads).toBe(2);
    // Known before any token needs it (no unknown-kid path), and the removed key is gone.
    expect(verifier.verifySync(accessToken(second)).sub).toBe('user-1');
    expect(() => verifier.verifySync(accessToken(first))).toThrow(expect.objectContaining({ code: 'unknown_key' }));
  });
});
