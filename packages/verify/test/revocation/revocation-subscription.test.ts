import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, VerifyError, type FetchLike, type Verifier, type VerifierOptions } from '../../src/index.js';
import { RevocationSubscription } from '../../src/revocation/revocation-subscription.js';
import { KeySet } from '../../src/keys/key-set.js';
import { VerifierStats } from '../../src/verifier-metrics.js';
import { generateTestKey, type TestKey } from '../support/keys.js';
import { basicAuthorization } from '../../src/http/client-authorization.js';
import { heartbeatSet, revocationSet, RevocationStreamServer, STREAM_CLIENT, type RevocationPayload } from '../support/revocation-stream-server.js';
import { accessToken, NOW_MS, NOW_S } from '../support/tokens.js';
import { anchoredClock, waitFor } from '../support/wait-for.js';
import { setTimeout as sleep } from 'node:timers/promises';

let signing: TestKey;
/** The server's revocation-event key: signs SETs, never access tokens. */
let events: TestKey;
let attacker: TestKey;
beforeAll(() => {
  signing = generateTestKey('EdDSA');
  events = generateTestKey('ES256');
  attacker = generateTestKey('EdDSA');
});

/** A stream server that sends signed heartbeats with `events` at the verifier's clock. */
async function streamServer(clock: { now: () => number }): Promise<RevocationStreamServer> {
  const server = await new RevocationStreamServer().start();
  server.heartbeatKey = events;
  server.now = () => clock.now();
  return server;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<VerifierOptions> = {}) {
  const clock = anchoredClock(NOW_MS);
  const server = await streamServer(clock);
  const verifier = createVerifier({
    issuer: server.issuer,
    audience: 'orders',
    keys: { keys: [signing.jwk] },
    revocations: 'subscribe',
    client: STREAM_CLIENT,
    maxStaleness: 30,
    clock,
    ...options,
  });
  cleanups.push(() => server.stop(), () => verifier.close());
  const token = (claims: Record<string, unknown> = {}): string => accessToken(signing, { iss: server.issuer, ...claims });
  const revoke = (event: Omit<RevocationPayload, 'until' | 'iat'> & Partial<RevocationPayload>, key = events): string =>
    server.publish((id) => revocationSet(key, server.issuer, id, { until: NOW_S + 900, iat: clock.now() / 1000, ...event }));
  return { server, clock, verifier, token, revoke };
}

async function codeOf(verifier: Verifier, token: string): Promise<string> {
  return verifier.verify(token).then(
    () => 'accepted',
    (error: unknown) => (error as VerifyError).code,
  );
}

describe('revocations: subscribe', () => {
  it('refuses a token of a revoked session with no request per verification', async () => {
    const { server, verifier, token, revoke } = await setup();
    await verifier.ready();
    expect(await codeOf(verifier, token())).toBe('accepted');
    revoke({ kind: 'session', sid: 'sid-1' });
    await waitFor(() => verifier.metrics().revocations.events === 1);
    expect(await codeOf(verifier, token())).toBe('revoked');
    expect(await codeOf(verifier, token({ sid: 'sid-2' }))).toBe('accepted');
    expect(server.connections).toHaveLength(1);
  });

  it('refuses by jti (one token), by refresh family, and by user for tokens issued up to the revocation', async () => {
    const { verifier, token, revoke, clock } = await setup({ maxStaleness: 'exp' });
    await verifier.ready();
    revoke({ kind: 'token', jti: 'jti-9' });
    revoke({ kind: 'refresh_family', sid: 'family-1' });
    revoke({ kind: 'user', sub: 'user-7', iat: NOW_S + 100 });
    await waitFor(() => verifier.metrics().revocations.events === 3);
    clock.advance(101_000);
    expect(await codeOf(verifier, token({ jti: 'jti-9' }))).toBe('revoked');
    expect(await codeOf(verifier, token({ sid: 'family-1' }))).toBe('revoked');
    expect(await codeOf(verifier, token({ sub: 'user-7', iat: NOW_S + 100 }))).toBe('revoked');
    expect(await codeOf(verifier, token({ sub: 'user-7', iat: NOW_S + 99 }))).toBe('revoked');
    // Issued after the revocation (a new login): accepted.
    expect(await codeOf(verifier, token({ sub: 'user-7', iat: NOW_S + 101 }))).toBe('accepted');
    expect(await codeOf(verifier, token({ sub: 'user-8' }))).toBe('accepted');
  });

  it('forgets a revocation once its "until" has passed', async () => {
    const { verifier, token, revoke, clock, server } = await setup({ maxStaleness: 'exp' });
    await verifier.ready();
    revoke({ kind: 'session', sid: 'sid-1', until: NOW_S + 60 });
    await waitFor(() => verifier.metrics().revocations.entries === 1);
    expect(await codeOf(verifier, token({ exp: NOW_S + 3600 }))).toBe('revoked');
    clock.advance(61_000);
    expect(await codeOf(verifier, token({ exp: NOW_S + 3600 }))).toBe('accepted');
    expect(server.connections).toHaveLength(1);
  });

  it('ignores forged, foreign and malformed events, and counts them', async () => {
    // An unknown kid is re-read once after a key-set reload before it counts as forged.
    const { server, verifier, token, revoke } = await setup({ jwksCooldownMs: 200 });
    await verifier.ready();
    revoke({ kind: 'session', sid: 'sid-1' }, attacker);
    server.publish((id) => revocationSet(events, 'https://other-issuer.test', id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }));
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }, { typ: 'at+jwt' }));
    server.publish(() => revocationSet(events, server.issuer, 'not-the-event-id', { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }));
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'session', until: NOW_S + 900, iat: NOW_S }));
    server.publish(() => 'not a jwt');
    // Addressed to another resource server, or to nobody (RFC 8417 §2.2 `aud`).
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }, {}, { aud: 'billing-api' }));
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }, {}, { aud: undefined }));
    await waitFor(() => verifier.metrics().revocations.rejectedEvents === 8);
    expect(verifier.metrics().revocations.events).toBe(0);
    expect(await codeOf(verifier, token())).toBe('accepted');
  });

  it('an access token published as an event is not a revocation, and an event is not an access token', async () => {
    const { server, verifier, token } = await setup();
    await verifier.ready();
    server.publish(() => token());
    await waitFor(() => verifier.metrics().revocations.rejectedEvents === 1);
    const set = revocationSet(events, server.issuer, '1', { kind: 'session', sid: 'x', until: NOW_S + 900, iat: NOW_S });
    expect(await codeOf(verifier, set)).toBe('invalid_type');
  });

  it('reconnects with Last-Event-ID and receives what it missed', async () => {
    const { server, verifier, token, revoke } = await setup();
    await verifier.ready();
    revoke({ kind: 'session', sid: 'sid-a' });
    await waitFor(() => verifier.metrics().revocations.events === 1);
    server.dropConnections();
    revoke({ kind: 'session', sid: 'sid-b' }); // published while the verifier is away
    await waitFor(() => verifier.metrics().revocations.events === 2, 10_000, 'the missed event');
    expect(server.connections).toEqual([null, '1']);
    expect(await codeOf(verifier, token({ sid: 'sid-b' }))).toBe('revoked');
    expect(verifier.metrics().revocations.reconnects).toBe(1);
  });

  it('signed heartbeats keep the state fresh; without them it goes stale and fails closed, then recovers', async () => {
    const { server, verifier, token, clock } = await setup({ maxStaleness: 20 });
    await verifier.ready();
    expect(await codeOf(verifier, token())).toBe('accepted');
    clock.advance(21_000);
    expect(await codeOf(verifier, token())).toBe('revocation_state_stale');
    // A route with a larger budget, or a stateless one, still accepts.
    await expect(verifier.verify(token(), { maxStaleness: 60 })).resolves.toBeDefined();
    await expect(verifier.verify(token(), { maxStaleness: 'exp' })).resolves.toBeDefined();
    server.heartbeat();
    await waitFor(() => (verifier.metrics().revocations.stalenessMs ?? Infinity) < 1000);
    expect(await codeOf(verifier, token())).toBe('accepted');
  });

  it('a rejected event moves neither Last-Event-ID nor freshness; unsigned comments never make the state fresh', async () => {
    const { server, verifier, token, revoke, clock } = await setup({ maxStaleness: 20 });
    // Badly signed: the server's kid, another key's signature.
    const forger = generateTestKey('ES256', events.kid);
    await verifier.ready();
    revoke({ kind: 'session', sid: 'sid-a' });
    await waitFor(() => verifier.metrics().revocations.events === 1);
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'session', sid: 'sid-b', until: NOW_S + 900, iat: NOW_S }, {}, { aud: 'billing-api' }));
    server.publish((id) => revocationSet(forger, server.issuer, id, { kind: 'session', sid: 'sid-c', until: NOW_S + 900, iat: NOW_S }));
    server.publish((id) => revocationSet(events, 'https://other-issuer.test', id, { kind: 'session', sid: 'sid-d', until: NOW_S + 900, iat: NOW_S }));
    await waitFor(() => verifier.metrics().revocations.rejectedEvents === 3);
    expect(await codeOf(verifier, token({ sid: 'sid-b' }))).toBe('accepted');
    expect(await codeOf(verifier, token({ sid: 'sid-c' }))).toBe('accepted');
    clock.advance(21_000);
    expect(await codeOf(verifier, token())).toBe('revocation_state_stale');
    // Forged, foreign and misaddressed heartbeats, and comments: still stale.
    server.raw(`event: heartbeat\ndata: ${heartbeatSet(events, server.issuer, clock.now(), { aud: 'billing-api' })}\n\n`);
    server.raw(`event: heartbeat\ndata: ${heartbeatSet(events, 'https://other-issuer.test', clock.now())}\n\n`);
    server.raw(`event: heartbeat\ndata: ${heartbeatSet(events, server.issuer, clock.now(), {}, { typ: 'JWT' })}\n\n`);
    server.raw(`event: heartbeat\ndata: ${heartbeatSet(forger, server.issuer, clock.now())}\n\n`);
    server.keepalive();
    await waitFor(() => verifier.metrics().revocations.rejectedEvents === 7, 10_000, 'the bad heartbeats');
    expect(await codeOf(verifier, token())).toBe('revocation_state_stale');
    server.dropConnections();
    await waitFor(() => server.connections.length === 2, 10_000, 'the reconnection');
    // Resumes after the last event it accepted, so the rejected ones are offered again.
    expect(server.connections).toEqual([null, '1']);
    await waitFor(() => (verifier.metrics().revocations.stalenessMs ?? Infinity) < 1000, 10_000, 'the genuine heartbeat');
    expect(await codeOf(verifier, token())).toBe('accepted');
  });

  it('waits briefly for the first connection, then fails closed while the server is unreachable', async () => {
    const slow = await setup();
    slow.server.delayMs = 150;
    // The verifier connected at construction; a new one sees the delay.
    const verifier = createVerifier({ issuer: slow.server.issuer, audience: 'orders', keys: { keys: [signing.jwk] }, revocations: 'subscribe', client: STREAM_CLIENT, maxStaleness: 30, clock: slow.clock });
    cleanups.push(() => verifier.close());
    expect(await codeOf(verifier, slow.token())).toBe('accepted');

    const down = createVerifier({ issuer: 'http://127.0.0.1:9', audience: 'orders', keys: { keys: [signing.jwk] }, revocations: 'subscribe', client: STREAM_CLIENT, maxStaleness: 0.2, clock: slow.clock });
    cleanups.push(() => down.close());
    expect(await codeOf(down, accessToken(signing, { iss: 'http://127.0.0.1:9' }))).toBe('revocation_state_stale');
    expect(down.metrics().revocations.connected).toBe(false);
  });

  it('drops a cached token when it is revoked', async () => {
    const { verifier, token, revoke } = await setup({ cache: { maxEntries: 100 } });
    await verifier.ready();
    const t = token();
    await verifier.verify(t);
    await verifier.verify(t);
    expect(verifier.metrics().cache.hits).toBe(1);
    revoke({ kind: 'session', sid: 'sid-1' });
    await waitFor(() => verifier.metrics().revocations.events === 1);
    expect(await codeOf(verifier, t)).toBe('revoked');
    expect(verifier.metrics().cache.size).toBe(0);
  });

  it('records the revocation delay (now − event iat) as a metric', async () => {
    const { verifier, revoke, clock } = await setup();
    await verifier.ready();
    for (let i = 0; i < 5; i++) revoke({ kind: 'token', jti: `j${i}`, iat: (clock.now() - 40) / 1000 });
    await waitFor(() => verifier.metrics().revocations.events === 5);
    const delay = verifier.metrics().revocations.delayMs;
    expect(delay.count).toBe(5);
    expect(delay.p50).toBeGreaterThanOrEqual(40);
    expect(delay.p99).toBeLessThan(5000);
    expect(delay.recent).toHaveLength(5);
  });

  it('an event signed with a key it has not loaded yet is read again once the key set reloads', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await streamServer(clock);
    const next = generateTestKey('ES256');
    server.eventKeys = [events.jwk];
    const verifier = createVerifier({
      issuer: server.issuer,
      audience: 'orders',
      keys: { keys: [signing.jwk] },
      jwksCooldownMs: 400,
      revocations: 'subscribe',
      client: STREAM_CLIENT,
      clock,
    });
    cleanups.push(() => server.stop(), () => verifier.close());
    await verifier.ready();
    // The server publishes its next key and at once signs an event with it; this verifier's copy
    // of the key set is younger than the cooldown, so it cannot reload yet.
    server.eventKeys = [events.jwk, next.jwk];
    server.publish((id) => revocationSet(next, server.issuer, id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }));
    await waitFor(() => verifier.metrics().revocations.events === 1, 10_000, 'the event to be re-read');
    expect(server.connections.length).toBeGreaterThanOrEqual(2);
    expect(server.connections.every((lastId) => lastId === null)).toBe(true);
    expect(verifier.metrics().revocations.rejectedEvents).toBe(0);
  });

  it('skips an event whose kid is still unknown after a reload, so the stream moves on', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await streamServer(clock);
    const verifier = createVerifier({
      issuer: server.issuer,
      audience: 'orders',
      keys: () => ({ keys: [signing.jwk] }),
      jwksCooldownMs: 200,
      revocations: 'subscribe',
      client: STREAM_CLIENT,
      clock,
    });
    cleanups.push(() => server.stop(), () => verifier.close());
    await verifier.ready();
    server.publish((id) => revocationSet(attacker, server.issuer, id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: NOW_S }));
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'session', sid: 'sid-2', until: NOW_S + 900, iat: NOW_S }));
    await waitFor(() => verifier.metrics().revocations.events === 1, 10_000, 'the good event');
    expect(verifier.metrics().revocations.rejectedEvents).toBe(1);
    expect(await codeOf(verifier, accessToken(signing, { iss: server.issuer, sid: 'sid-2' }))).toBe('revoked');
    expect(await codeOf(verifier, accessToken(signing, { iss: server.issuer, sid: 'sid-1' }))).toBe('accepted');
  });
});

describe('RevocationSubscription reconnects with backoff', () => {
  it('drops a connection that stays silent past the idle timeout and reconnects', async () => {
    const server = await new RevocationStreamServer().start();
    cleanups.push(() => server.stop());
    const stats = new VerifierStats();
    const clock = anchoredClock(NOW_MS);
    const keys = new KeySet({ load: async () => ({ document: { keys: [signing.jwk] } }), reloadable: false, cooldownMs: 0, maxAgeMs: 1, allowed: new Set(['EdDSA']), clock, stats });
    const subscription = new RevocationSubscription({
      streamUrl: `${server.issuer}/oauth/revocations/stream`,
      authorization: basicAuthorization(STREAM_CLIENT),
      audience: STREAM_CLIENT.id,
      issuer: server.issuer,
      algorithms: new Set(['EdDSA']),
      keys,
      fetch: globalThis.fetch,
      clock,
      stats,
      initialRetryMs: 20,
      idleTimeoutMs: 150,
    });
    subscription.start();
    cleanups.push(async () => {
      subscription.close();
      await subscription.closed();
    });
    await waitFor(() => server.connections.length >= 3, 5000, 'reconnects after silence');
    // Keepalives keep a connection alive.
    const before = server.connections.length;
    await waitFor(() => server.clientCount === 1);
    const keepalive = setInterval(() => server.keepalive(), 50);
    cleanups.push(() => clearInterval(keepalive));
    await sleep(500);
    expect(server.connections.length).toBeLessThanOrEqual(before + 1);
  });

  it('backs off exponentially (with jitter) while the server refuses, then connects', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await new RevocationStreamServer().start();
    server.heartbeatKey = signing;
    server.now = () => clock.now();
    cleanups.push(() => server.stop());
    server.failNext = 4;
    const stats = new VerifierStats();
    const keys = new KeySet({ load: async () => ({ document: { keys: [signing.jwk] } }), reloadable: false, cooldownMs: 0, maxAgeMs: 1, allowed: new Set(['EdDSA']), clock, stats });
    const subscription = new RevocationSubscription({
      streamUrl: `${server.issuer}/oauth/revocations/stream`,
      authorization: basicAuthorization(STREAM_CLIENT),
      audience: STREAM_CLIENT.id,
      issuer: server.issuer,
      algorithms: new Set(['EdDSA']),
      keys,
      fetch: globalThis.fetch,
      clock,
      stats,
      random: () => 1,
      initialRetryMs: 20,
      maxRetryMs: 1000,
    });
    const started = Date.now();
    const times: number[] = [];
    const timer = setInterval(() => times.push(server.connections.length), 5);
    subscription.start();
    cleanups.push(() => clearInterval(timer), async () => {
      subscription.close();
      await subscription.closed();
    });
    await subscription.ready();
    // 20 + 40 + 80 + 160 ms of backoff at least before the fifth attempt succeeds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(server.connections).toHaveLength(5);
    expect(stats.revocationReconnects).toBe(4);
    expect(subscription.freshAt()).toBeDefined();
  });
});

describe('revocation stream location and headers', () => {
  const issuer = 'https://auth.test';

  /** A fetch that serves `issuer`'s metadata itself and sends everything else to the network. */
  function withMetadata(metadata: Record<string, unknown> | 'down', requests: string[]): FetchLike {
    return async (url, init) => {
      requests.push(url);
      if (url === `${issuer}/.well-known/oauth-authorization-server`) {
        if (metadata === 'down') throw new TypeError('fetch failed');
        return Response.json({ issuer, ...metadata });
      }
      return fetch(url, init);
    };
  }

  it('follows tessera_revocation_events_endpoint and tessera_revocation_events_jwks_uri from the metadata', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await new RevocationStreamServer().start();
    server.now = () => clock.now();
    const requests: string[] = [];
    const verifier = createVerifier({
      issuer,
      audience: 'orders',
      keys: { keys: [signing.jwk] },
      revocations: 'subscribe',
      client: STREAM_CLIENT,
      fetch: withMetadata(
        { tessera_revocation_events_endpoint: `${server.issuer}/oauth/revocations/stream`, tessera_revocation_events_jwks_uri: `${server.issuer}/oauth/revocations/jwks.json` },
        requests,
      ),
      clock,
    });
    cleanups.push(() => server.stop(), () => verifier.close());
    server.eventKeys = [events.jwk];
    await waitFor(() => server.clientCount === 1);
    server.raw(`event: heartbeat\ndata: ${heartbeatSet(events, issuer, clock.now())}\n\n`);
    await verifier.ready();
    server.publish((id) => revocationSet(events, issuer, id, { kind: 'session', sid: 'sid-1', until: NOW_S + 900, iat: clock.now() / 1000 }));
    await waitFor(() => verifier.metrics().revocations.events === 1);
    expect(await codeOf(verifier, accessToken(signing))).toBe('revoked');
    expect(requests).toEqual([`${issuer}/.well-known/oauth-authorization-server`, `${server.issuer}/oauth/revocations/stream`, `${server.issuer}/oauth/revocations/jwks.json`]);
    // The metadata is kept: a reconnection asks for the stream only.
    server.dropConnections();
    await waitFor(() => server.connections.length === 2, 10_000, 'the reconnection');
    expect(requests.filter((url) => url.includes('.well-known'))).toHaveLength(1);
  });

  it('falls back to ${issuer}/oauth/revocations/stream when the metadata names no stream, or cannot be fetched', async () => {
    for (const metadata of [{}, 'down'] as const) {
      const requests: string[] = [];
      const verifier = createVerifier({
        issuer,
        audience: 'orders',
        keys: { keys: [signing.jwk] },
        revocations: 'subscribe',
        client: STREAM_CLIENT,
        fetch: async (input, init) => {
          if (input.endsWith('/oauth/revocations/stream')) {
            requests.push(input);
            return new Response('down', { status: 503 });
          }
          return withMetadata(metadata, [])(input, init);
        },
        clock: anchoredClock(NOW_MS),
      });
      cleanups.push(() => verifier.close());
      await waitFor(() => requests.length >= 1);
      expect(requests[0]).toBe(`${issuer}/oauth/revocations/stream`);
    }
  });

  it('authenticates the stream with the client\'s credentials (HTTP Basic), alongside the operator\'s headers', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await streamServer(clock);
    server.requiredAuthorization = basicAuthorization(STREAM_CLIENT);
    const verifier = createVerifier({
      issuer: server.issuer,
      audience: 'orders',
      keys: { keys: [signing.jwk] },
      revocations: 'subscribe',
      client: STREAM_CLIENT,
      revocationStream: { headers: { 'x-verifier': 'orders-1' } },
      clock,
    });
    cleanups.push(() => server.stop(), () => verifier.close());
    await verifier.ready();
    expect(server.connections).toHaveLength(1);
    const [headers] = server.requestHeaders;
    expect(headers).toMatchObject({ authorization: basicAuthorization(STREAM_CLIENT), 'x-verifier': 'orders-1', accept: 'text/event-stream', 'cache-control': 'no-cache' });
    // Its own headers still apply on reconnection (Last-Event-ID for resume).
    server.publish((id) => revocationSet(events, server.issuer, id, { kind: 'token', jti: 'j', until: NOW_S + 900, iat: NOW_S }));
    await waitFor(() => verifier.metrics().revocations.events === 1);
    server.dropConnections();
    await waitFor(() => server.connections.length === 2, 10_000, 'the reconnection');
    expect(server.requestHeaders[1]).toMatchObject({ authorization: basicAuthorization(STREAM_CLIENT), 'last-event-id': '1' });
  });

  it('calls a header function for every connection (rotating proxy credentials)', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await streamServer(clock);
    let credential = 1;
    const verifier = createVerifier({
      issuer: server.issuer,
      audience: 'orders',
      keys: { keys: [signing.jwk] },
      revocations: 'subscribe',
      client: STREAM_CLIENT,
      revocationStream: { headers: async () => ({ 'x-proxy-token': `credential-${credential++}` }) },
      clock,
    });
    cleanups.push(() => server.stop(), () => verifier.close());
    await verifier.ready();
    server.dropConnections();
    await waitFor(() => server.connections.length === 2 && server.clientCount === 1, 10_000, 'the reconnection');
    expect(server.requestHeaders.map((headers) => headers['x-proxy-token'])).toEqual(['credential-1', 'credential-2']);
  });

  it('without the stream\'s credentials the state never becomes fresh: budgets fail closed', async () => {
    const clock = anchoredClock(NOW_MS);
    const server = await streamServer(clock);
    server.requiredAuthorization = basicAuthorization(STREAM_CLIENT);
    const verifier = createVerifier({
      issuer: server.issuer,
      audience: 'orders',
      keys: { keys: [signing.jwk] },
      revocations: 'subscribe',
      client: { id: STREAM_CLIENT.id, secret: 'wrong' },
      maxStaleness: 0.2,
      clock,
    });
    cleanups.push(() => server.stop(), () => verifier.close());
    expect(await codeOf(verifier, accessToken(signing, { iss: server.issuer }))).toBe('revocation_state_stale');
    expect(verifier.metrics().revocations.connected).toBe(false);
  });
});
