import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamClosedError, StreamConnection, type DisconnectReason, type EventSink } from '../../src/revocation-stream/stream-connection.js';

/** A socket whose buffer holds `capacity` writes until the test drains it. */
class FakeSink extends EventEmitter implements EventSink {
  readonly written: string[] = [];
  buffered = 0;
  ended = false;
  destroyed = false;
  constructor(private readonly capacity = Number.POSITIVE_INFINITY) {
    super();
  }
  write(chunk: string): boolean {
    this.written.push(chunk);
    this.buffered++;
    return this.buffered < this.capacity;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  drain(): void {
    this.buffered = 0;
    this.emit('drain');
  }
}

const limits = { maxQueuedEvents: 3, maxQueuedBytes: 1000, stallTimeoutMs: 1000, recentReplayedIds: 10 };

function open(sink: FakeSink): { connection: StreamConnection; reasons: DisconnectReason[] } {
  const reasons: DisconnectReason[] = [];
  const connection = new StreamConnection('127.0.0.1', 'stream-test-api', sink, limits, (_c, reason) => reasons.push(reason));
  connection.start('retry: 1000\n\n');
  return { connection, reasons };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('StreamConnection', () => {
  it('writes nothing pushed live while it replays, but remembers that it missed something', () => {
    const sink = new FakeSink();
    const { connection } = open(sink);
    connection.deliver('1', 'frame-1');
    expect(sink.written).toEqual(['retry: 1000\n\n']);
    expect(connection.takeMissedLive()).toBe(true);
    expect(connection.takeMissedLive()).toBe(false);
  });

  it('drops live duplicates of replayed events, then writes the rest in order', async () => {
    const sink = new FakeSink();
    const { connection } = open(sink);
    await connection.replay('1', 'frame-1');
    await connection.replay('2', 'frame-2');
    connection.goLive();
    connection.deliver('2', 'frame-2');
    connection.deliver('3', 'frame-3');
    connection.deliver('4', 'frame-4');
    expect(sink.written.slice(1)).toEqual(['frame-1', 'frame-2', 'frame-3', 'frame-4']);
  });

  it('replays at the pace the client reads: the next write waits for drain', async () => {
    const sink = new FakeSink(1);
    const { connection } = open(sink);
    sink.drain();
    let done = false;
    const replay = connection.replay('1', 'frame-1').then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    sink.drain();
    await replay;
    expect(done).toBe(true);
  });

  it('disconnects a live client that lets more than maxQueuedEvents pile up, and frees the queue', () => {
    const sink = new FakeSink(1);
    const { connection, reasons } = open(sink);
    connection.goLive();
    for (let i = 1; i <= 3; i++) connection.deliver(String(i), `frame-${i}`);
    expect(connection.queuedEvents).toBe(3);
    expect(connection.closed).toBe(false);
    connection.deliver('4', 'frame-4');
    expect(connection.closed).toBe(true);
    expect(connection.queuedEvents).toBe(0);
    expect(reasons).toEqual(['slow_client']);
    expect(sink.destroyed).toBe(true);
  });

  it('disconnects on the byte bound too', () => {
    const sink = new FakeSink(1);
    const { connection, reasons } = open(sink);
    connection.goLive();
    connection.deliver('1', 'x'.repeat(1001));
    expect(reasons).toEqual(['slow_client']);
  });

  it('flushes the queue in order when the client catches up', () => {
    const sink = new FakeSink(1);
    const { connection } = open(sink);
    connection.goLive();
    connection.deliver('1', 'frame-1');
    connection.deliver('2', 'frame-2');
    sink.drain();
    expect(sink.written.slice(1)).toEqual(['frame-1']);
    sink.drain();
    expect(sink.written.slice(1)).toEqual(['frame-1', 'frame-2']);
    expect(connection.queuedEvents).toBe(0);
  });

  it('disconnects a client that stalls, even with a short queue', () => {
    vi.useFakeTimers();
    const sink = new FakeSink(1);
    const { connection, reasons } = open(sink);
    connection.goLive();
    vi.advanceTimersByTime(999);
    expect(connection.closed).toBe(false);
    vi.advanceTimersByTime(2);
    expect(reasons).toEqual(['slow_client']);
  });

  it('skips heartbeats while the client lags or replays', async () => {
    const sink = new FakeSink();
    const { connection } = open(sink);
    connection.heartbeat('event: heartbeat\ndata: set\n\n');
    expect(sink.written).toHaveLength(1);
    connection.goLive();
    connection.heartbeat('event: heartbeat\ndata: set\n\n');
    expect(sink.written.at(-1)).toBe('event: heartbeat\ndata: set\n\n');
  });

  it('a replay waiting for drain is released when the connection closes; shutdown ends the response politely', async () => {
    const sink = new FakeSink(1);
    const { connection, reasons } = open(sink);
    const replay = connection.replay('1', 'frame-1');
    connection.close('shutdown');
    await expect(replay).rejects.toBeInstanceOf(StreamClosedError);
    expect(sink.ended).toBe(true);
    expect(sink.destroyed).toBe(false);
    connection.close('client_gone');
    expect(reasons).toEqual(['shutdown']);
  });

  it('before its head is written, closing only deregisters (the framework still owns the response)', () => {
    const sink = new FakeSink();
    const reasons: DisconnectReason[] = [];
    const connection = new StreamConnection('127.0.0.1', 'stream-test-api', sink, limits, (_c, reason) => reasons.push(reason));
    connection.close('store_error');
    expect(reasons).toEqual(['store_error']);
    expect(sink.ended || sink.destroyed).toBe(false);
  });
});
