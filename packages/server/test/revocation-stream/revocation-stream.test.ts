import { connect, type Socket } from 'node:net';
import { revocationEventJwks, securityEventTokenPayload, SESSION_REVOKED_EVENT, type RevocationEvent } from '@tessera/core';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuthorization, SseTestClient } from './sse-test-client.js';
import { startStreamTestApp, type StreamTestApp } from './stream-test-app.js';
import { setTimeout as sleep } from 'node:timers/promises';

const running: StreamTestApp[] = [];
const clients: SseTestClient[] = [];

async function start(...args: Parameters<typeof startStreamTestApp>): Promise<StreamTestApp> {
  const app = await startStreamTestApp(...args);
  running.push(app);
  return app;
}

async function subscribe(app: StreamTestApp, lastEventId?: string): Promise<SseTestClient> {
  const client = await SseTestClient.connect(app.streamUrl, { credentials: app.credentials, ...(lastEventId === undefined ? {} : { lastEventId }) });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const app of running.splice(0)) await app.close();
});

function revokeSession(app: StreamTestApp, n: number): Promise<RevocationEvent> {
  return app.tessera.revocation.revokeSid('session', `sid-${n}`, `user-${n}`);
}

describe('GET /oauth/revocations/stream', () => {
  it('answers text/event-stream, no-store, with a retry hint, and pushes each revocation as a signed SET', async () => {
    const app = await start();
    const client = await subscribe(app);
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.headers.get('cache-control')).toBe('no-store');
    expect(client.headers.get('content-encoding')).toBeNull();
    await client.waitFor((c) => c.frames.some((f) => f.retry !== undefined));

    const event = await revokeSession(app, 1);
    await client.waitFor((c) => c.events.length === 1);
    const frame = client.events[0]!;
    expect(frame.id).toBe(event.id);
    const header = decodeProtectedHeader(frame.data!);
    const eventKey = await app.tessera.keys.revocationEventKey();
    expect(header).toEqual({ alg: 'ES256', kid: eventKey.kid, typ: 'secevent+jwt' });
    const { payload } = await compactVerify(frame.data!, createLocalJWKSet(revocationEventJwks(eventKey)));
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toEqual(securityEventTokenPayload(event, { issuer: app.url, audience: app.credentials.id }));
    expect(claims.events[SESSION_REVOKED_EVENT].subject).toEqual({ format: 'opaque', id: 'sid-1' });
    expect(claims.tessera).toMatchObject({ kind: 'session', sid: 'sid-1', sub: 'user-1' });
  });

  it('resumes after Last-Event-ID from the log, then goes live', async () => {
    const app = await start();
    const [first, second, third] = [await revokeSession(app, 1), await revokeSession(app, 2), await revokeSession(app, 3)];
    const client = await subscribe(app, first.id);
    await client.waitFor((c) => c.events.length === 2);
    expect(client.events.map((f) => f.id)).toEqual([second.id, third.id]);
    const fourth = await revokeSession(app, 4);
    await client.waitFor((c) => c.events.length === 3);
    expect(client.events.map((f) => f.id)).toEqual([second.id, third.id, fourth.id]);
  });

  it('a fresh subscriber gets every live revocation, then nothing expired', async () => {
    const app = await start();
    await app.tessera.revocation.revokeAccessToken('jti-old', 'user', app.tessera.clock.now() - 1000);
    const live = await revokeSession(app, 1);
    const client = await subscribe(app);
    await client.waitFor((c) => c.events.length === 1);
    await sleep(100);
    expect(client.events.map((f) => f.id)).toEqual([live.id]);
  });

  it('loses and repeats nothing when subscribers join while revocations pour in (replay pages meet the live feed)', async () => {
    const app = await start({ pageSize: 7 });
    const total = 300;
    const appended: string[] = [];
    const subscribers: Promise<SseTestClient>[] = [];
    for (let batch = 0; batch < total / 20; batch++) {
      const events = await Promise.all(Array.from({ length: 20 }, (_, i) => revokeSession(app, batch * 20 + i)));
      appended.push(...events.map((e) => e.id));
      if (batch % 3 === 0) subscribers.push(subscribe(app));
      if (batch === 5) subscribers.push(subscribe(app, appended[17]));
    }
    const all = await Promise.all(subscribers);
    for (const [index, client] of all.entries()) {
      const expected = index === 2 ? appended.slice(18) : appended;
      await client.waitFor((c) => c.events.length >= expected.length);
      await sleep(50);
      expect(client.events.map((f) => f.id)).toEqual(expected);
    }
  });

  it('refuses a malformed Last-Event-ID with 400', async () => {
    const app = await start();
    const response = await fetch(app.streamUrl, { headers: { 'last-event-id': 'x'.repeat(200), authorization: basicAuthorization(app.credentials) } });
    expect(response.status).toBe(400);
    await response.body?.cancel();
  });

  it('caps streams per client address (429 with Retry-After) and frees the slot on disconnect', async () => {
    const app = await start({ maxStreamsPerIp: 2 });
    const a = await subscribe(app);
    await subscribe(app);
    const refused = await subscribe(app);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    a.close();
    await waitUntil(() => app.hub.size === 1);
    expect((await subscribe(app)).status).toBe(200);
  });

  it('caps streams per instance', async () => {
    const app = await start({ maxStreams: 1 });
    await subscribe(app);
    expect((await subscribe(app)).status).toBe(429);
  });

  it('disconnects a client that stops reading instead of buffering for it', async () => {
    const app = await start({ maxQueuedEvents: 20, maxQueuedBytes: 64 * 1024, stallTimeoutMs: 60_000 });
    const serverSockets: Socket[] = [];
    app.app.server.on('connection', (socket: Socket) => serverSockets.push(socket));
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(app.url).port) });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(`GET /oauth/revocations/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: ${basicAuthorization(app.credentials)}\r\n\r\n`);
    socket.pause();
    await waitUntil(() => app.hub.size === 1);
    // Enough events to fill the kernel's socket buffers on both sides (tens of MB on loopback), then the bounded queue.
    let sent = 0;
    let mostBufferedInProcess = 0;
    while (app.hub.size === 1 && sent < 200_000) {
      await Promise.all(Array.from({ length: 500 }, () => revokeSession(app, sent++)));
      await sleep(20);
      mostBufferedInProcess = Math.max(mostBufferedInProcess, ...serverSockets.map((s) => s.writableLength));
    }
    await waitUntil(() => app.hub.size === 0);
    // Node's own buffer never held more than its high-water mark and one frame: the rest waited in the bounded queue.
    expect(mostBufferedInProcess).toBeLessThan(16 * 1024 + 2048);
    expect(await app.metrics.render()).toMatch(/tessera_revocation_stream_disconnects_total\{reason="slow_client"\} 1/);
    socket.destroy();
  });

  it('sends signed heartbeats only while the log is readable, and answers 503 when it is not', async () => {
    const app = await start({ heartbeatIntervalMs: 40, pollIntervalMs: 20 });
    const client = await subscribe(app);
    await client.waitFor((c) => c.frames.filter((f) => f.event === 'heartbeat').length >= 2);
    // Each heartbeat is a SET of its own type, signed with the revocation-event key and addressed to the subscriber (no `id:`).
    const heartbeat = client.frames.find((f) => f.event === 'heartbeat')!;
    expect(heartbeat.id).toBeUndefined();
    expect(decodeProtectedHeader(heartbeat.data!).typ).toBe('secevent+jwt');
    const { payload } = await compactVerify(heartbeat.data!, createLocalJWKSet(revocationEventJwks(await app.tessera.keys.revocationEventKey())));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ iss: app.url, aud: app.credentials.id, events: { 'https://tessera.dev/secevent/heartbeat': {} } });
    const log = app.stores.revocationLog;
    const listAfter = log.listAfter.bind(log);
    log.listAfter = async () => {
      throw new Error('database is down');
    };
    await sleep(100);
    const before = client.frames.length;
    await sleep(200);
    expect(client.frames.length).toBe(before);
    const refused = await fetch(app.streamUrl, { headers: { authorization: basicAuthorization(app.credentials) } });
    expect(refused.status).toBe(503);
    await refused.body?.cancel();
    log.listAfter = listAfter;
    await client.waitFor((c) => c.frames.length > before);
  });

  it('ends every stream when the app closes, without waiting for the shutdown timeout', async () => {
    const app = await start();
    const streams = await Promise.all([subscribe(app), subscribe(app), subscribe(app)]);
    const startedAt = Date.now();
    await app.app.close();
    expect(Date.now() - startedAt).toBeLessThan(2000);
    for (const client of streams) await client.waitFor((c) => c.ended);
    expect(app.hub.size).toBe(0);
  });

  it('purges expired events from the log, so it stays one token lifetime long', async () => {
    const app = await start({ purgeIntervalMs: 20 });
    await app.tessera.revocation.revokeAccessToken('jti-short', 'user', app.tessera.clock.now() + 30);
    const lasting = await revokeSession(app, 1);
    await waitUntil(async () => (await app.stores.revocationLog.listAfter(undefined, 10)).length === 1);
    expect((await app.stores.revocationLog.listAfter(undefined, 10)).map((e) => e.id)).toEqual([lasting.id]);
  });

  it('publishes open streams and pushed events in /metrics', async () => {
    const app = await start();
    await subscribe(app);
    await subscribe(app);
    await revokeSession(app, 1);
    await waitUntil(async () => /tessera_revocation_stream_events_total 1/.test(await app.metrics.render()));
    expect(await app.metrics.render()).toMatch(/tessera_revocation_streams 2/);
  });
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}
