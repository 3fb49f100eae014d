/** The part of `http.ServerResponse` a stream writes to (a fake in unit tests). */
export interface EventSink {
  /** false: the socket's buffer is full; wait for `drain` before writing more. */
  write(chunk: string): boolean;
  end(): void;
  destroy(): void;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

export interface StreamConnectionLimits {
  /** Live frames held while the client does not read; one more and it is disconnected. */
  maxQueuedEvents: number;
  /** The same bound in bytes. */
  maxQueuedBytes: number;
  /** A client that takes no data for this long while some waits for it is disconnected, ms. */
  stallTimeoutMs: number;
  /** Ids of the last replayed events kept to drop their live duplicates. */
  recentReplayedIds: number;
}

export type DisconnectReason = 'client_gone' | 'slow_client' | 'shutdown' | 'store_error';

/** Thrown into a replay that is waiting on a connection that has closed. */
export class StreamClosedError extends Error {
  constructor() {
    super('revocation stream closed');
    this.name = 'StreamClosedError';
  }
}

/**
 * One subscriber of the revocation stream. It starts in `replay` (the hub reads the log after the
 * client's `Last-Event-ID` and writes at the pace the client reads), then turns `live` (the hub
 * pushes each new event to every live connection).
 *
 * Memory stays bounded whatever the client does: replay waits for `drain` before each next write
 * (the log is the buffer), and a live connection queues at most `maxQueuedEvents` /
 * `maxQueuedBytes` while its socket is full. Past that, or after `stallTimeoutMs` without
 * progress, the client is cut off; it reconnects with `Last-Event-ID` and replays what it missed
 * from the durable log, so dropping a slow client loses nothing.
 */
export class StreamConnection {
  #phase: 'replay' | 'live' | 'closed' = 'replay';
  #started = false;
  readonly #queue: string[] = [];
  #queuedBytes = 0;
  #blocked = false;
  #stallTimer: NodeJS.Timeout | undefined;
  #drainWaiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #missedLive = false;
  readonly #replayed = new Set<string>();

  constructor(
    /** The client's address (for the per-address cap). */
    readonly ip: string,
    /** The authenticated client: its id is the `aud` of every SET this connection gets. */
    readonly clientId: string,
    private readonly sink: EventSink,
    private readonly limits: StreamConnectionLimits,
    private readonly onClose: (connection: StreamConnection, reason: DisconnectReason) => void,
  ) {}

  get phase(): 'replay' | 'live' | 'closed' {
    return this.#phase;
  }

  get closed(): boolean {
    return this.#phase === 'closed';
  }

  /** Live frames waiting for the client. */
  get queuedEvents(): number {
    return this.#queue.length;
  }

  /** The response head is out: frames may follow, and closing now ends the response. */
  start(preamble: string): void {
    if (this.closed) return;
    this.#started = true;
    this.#write(preamble);
  }

  /** Writes one replayed frame; resolves once the client can take the next. */
  async replay(id: string, frame: string): Promise<void> {
    if (this.closed) throw new StreamClosedError();
    this.#replayed.add(id);
    if (this.#replayed.size > this.limits.recentReplayedIds) this.#replayed.delete(this.#replayed.values().next().value as string);
    if (this.#write(frame)) return;
    await new Promise<void>((resolve, reject) => {
      this.#drainWaiter = { resolve, reject };
    });
  }

  /**
   * True when a live event went by while this connection was still replaying (it was not
   * written: the replay must read the log once more). Resets the flag.
   */
  takeMissedLive(): boolean {
    const missed = this.#missedLive;
    this.#missedLive = false;
    return missed;
  }

  /** The replay has caught up with the log: from now on the hub's pushes are written. */
  goLive(): void {
    if (this.#phase === 'replay') this.#phase = 'live';
  }

  /** A new event from the hub, in log order. */
  deliver(id: string, frame: string): void {
    if (this.#phase === 'closed') return;
    if (this.#phase === 'replay') {
      this.#missedLive = true;
      return;
    }
    if (this.#replayed.size > 0) {
      // The hub may push an event the replay already wrote; the first one it did not write ends the overlap.
      if (this.#replayed.has(id)) return;
      this.#replayed.clear();
    }
    if (!this.#blocked) {
      this.#write(frame);
      return;
    }
    this.#queue.push(frame);
    this.#queuedBytes += frame.length;
    if (this.#queue.length > this.limits.maxQueuedEvents || this.#queuedBytes > this.limits.maxQueuedBytes) this.close('slow_client');
  }

  /** A signed heartbeat frame: proxies keep the connection, the client counts its state as current. Skipped while the client lags. */
  heartbeat(frame: string): void {
    if (this.#phase === 'live' && !this.#blocked) this.#write(frame);
  }

  close(reason: DisconnectReason): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    clearTimeout(this.#stallTimer);
    this.sink.removeListener('drain', this.#onDrain);
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#replayed.clear();
    this.#drainWaiter?.reject(new StreamClosedError());
    this.#drainWaiter = undefined;
    if (this.#started) {
      // A lagging client gets no orderly end: its socket buffer is full anyway.
      if (reason === 'slow_client' || reason === 'store_error') this.sink.destroy();
      else this.sink.end();
    }
    this.onClose(this, reason);
  }

  #write(chunk: string): boolean {
    if (this.sink.write(chunk)) return true;
    if (!this.#blocked) {
      this.#blocked = true;
      this.sink.once('drain', this.#onDrain);
      this.#stallTimer = setTimeout(() => this.close('slow_client'), this.limits.stallTimeoutMs);
      this.#stallTimer.unref();
    }
    return false;
  }

  readonly #onDrain = (): void => {
    if (this.closed) return;
    this.#blocked = false;
    clearTimeout(this.#stallTimer);
    while (this.#queue.length > 0) {
      const frame = this.#queue.shift() as string;
      this.#queuedBytes -= frame.length;
      if (!this.#write(frame)) return;
    }
    const waiter = this.#drainWaiter;
    this.#drainWaiter = undefined;
    waiter?.resolve();
  };
}
