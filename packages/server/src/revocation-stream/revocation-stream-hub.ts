import { StoreUnavailableError, type Clock, type KeyManager, type RevocationEvent, type RevocationLog } from '@tessera/core';
import { HttpProblem } from '../http/http-problem.js';
import { sendPerClient } from './per-client-frames.js';
import { findLogTail } from './revocation-log-tail.js';
import { isSafeEventId, retryFrame } from './server-sent-event.js';
import { defaultRevocationStreamSettings, type RevocationStreamSettings } from './revocation-stream-settings.js';
import { SignedEventCache } from './signed-event-cache.js';
import { StreamAdmission } from './stream-admission.js';
import { StreamHeartbeats } from './stream-heartbeats.js';
import { StreamClosedError, StreamConnection, type DisconnectReason, type EventSink } from './stream-connection.js';

export interface RevocationStreamDependencies {
  log: RevocationLog;
  /** The revocation bus (through the core's `RevocationService.subscribe`): only a wake-up call here. */
  subscribe(handler: (event: RevocationEvent) => void): Promise<() => Promise<void>>;
  /** SETs are signed with the revocation-event key, never an access-token key (RFC 8725 §3.12). */
  keys: Pick<KeyManager, 'revocationEventKey'>;
  issuer: string;
  clock: Clock;
  logger: { warn(object: object, message: string): void };
  /** Counters for `/metrics` (optional). */
  observer?: RevocationStreamObserver;
}

export interface RevocationStreamObserver {
  eventsPushed(count: number): void;
  disconnected(reason: DisconnectReason): void;
}

/**
 * The server side of pushed revocation: one per instance, shared by every open stream.
 *
 * The durable log is the single source of order. A bus message (from this or another instance)
 * only wakes the hub, which reads the log after its own cursor and pushes each new event, signed
 * once, to every live connection in log order; a poll every `pollIntervalMs` catches messages the
 * bus lost. Because every subscriber sees events in log order, `Last-Event-ID` is a safe resume
 * point: there is never an older event the client has not seen.
 *
 * A new connection replays the log after its `Last-Event-ID`, then goes live. Events the hub
 * pushes while it replays are not written but make it read the log once more, so nothing falls
 * between the replay and the live feed (see `stream`).
 */
export class RevocationStreamHub {
  readonly settings: RevocationStreamSettings;
  readonly #connections = new Set<StreamConnection>();
  readonly #admission: StreamAdmission;
  readonly #frames: SignedEventCache;
  readonly #heartbeats: StreamHeartbeats;
  #cursor: string | undefined;
  #ready = false;
  #closed = false;
  #unsubscribe: (() => Promise<void>) | undefined;
  #preparing: Promise<void> | undefined;
  #reading: Promise<void> | undefined;
  #readAgain = false;
  #purging: Promise<void> | undefined;
  #readableAt = 0;
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly deps: RevocationStreamDependencies,
    settings: Partial<RevocationStreamSettings> = {},
  ) {
    this.settings = { ...defaultRevocationStreamSettings, ...settings };
    this.#admission = new StreamAdmission(this.settings);
    this.#frames = new SignedEventCache(deps.keys, deps.issuer);
    this.#heartbeats = new StreamHeartbeats(deps);
  }

  /** Subscribes to the bus and finds the end of the log. If the stores are down, keeps trying on each poll. */
  async start(): Promise<void> {
    const poll = setInterval(() => {
      if (this.#ready) this.#wake();
      else void this.#prepare();
    }, this.settings.pollIntervalMs);
    const heartbeat = setInterval(() => this.#heartbeat(), this.settings.heartbeatIntervalMs);
    const purge = setInterval(() => {
      this.#purging ??= this.#purge().finally(() => (this.#purging = undefined));
    }, this.settings.purgeIntervalMs);
    this.#timers = [poll, heartbeat, purge];
    for (const timer of this.#timers) timer.unref();
    await this.#prepare();
  }

  /** Ends every stream (clients reconnect elsewhere with `Last-Event-ID`) and stops reading. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const connection of [...this.#connections]) connection.close('shutdown');
    await Promise.all([this.#preparing, this.#reading, this.#purging]);
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = undefined;
    await unsubscribe?.().catch(() => undefined);
  }

  /** Open streams. */
  get size(): number {
    return this.#connections.size;
  }

  /** Whether streams are accepted (the bus is subscribed and the log's end is known). */
  get ready(): boolean {
    return this.#ready && !this.#closed;
  }

  /**
   * Admits a client: counts it against the caps and registers it (replaying) before its first log
   * read, so no live event can slip past it. Throws when the hub cannot take it.
   */
  connect(ip: string, clientId: string, sink: EventSink): StreamConnection {
    if (this.#closed) throw new HttpProblem('shutting_down', 'The server is shutting down');
    if (!this.#ready) throw new StoreUnavailableError('revocation log');
    this.#admission.admit(ip, clientId);
    const connection = new StreamConnection(
      ip,
      clientId,
      sink,
      {
        maxQueuedEvents: this.settings.maxQueuedEvents,
        maxQueuedBytes: this.settings.maxQueuedBytes,
        stallTimeoutMs: this.settings.stallTimeoutMs,
        recentReplayedIds: this.settings.pageSize * 2,
      },
      (closed, reason) => this.#release(closed, reason),
    );
    this.#connections.add(connection);
    return connection;
  }

  /** One page of the log after `afterId`; a store failure becomes `StoreUnavailableError` (503). */
  async readPage(afterId: string | undefined): Promise<RevocationEvent[]> {
    try {
      return await this.deps.log.listAfter(afterId, this.settings.pageSize);
    } catch (error) {
      throw new StoreUnavailableError('revocation log', { cause: error });
    }
  }

  /**
   * Writes the stream for an admitted connection whose response head is out: `retry:`, the replay
   * (from `firstPage` on, read after `afterId`), then live. Never rejects; a failure closes the
   * connection and the client resumes elsewhere.
   */
  async stream(connection: StreamConnection, afterId: string | undefined, firstPage: RevocationEvent[]): Promise<void> {
    connection.start(retryFrame(this.settings.retryMs));
    let cursor = afterId;
    let page = firstPage;
    try {
      for (;;) {
        for (const event of page) {
          cursor = event.id;
          if (!this.#worthSending(event)) continue;
          await connection.replay(event.id, await this.#frames.frame(event, connection.clientId));
        }
        // The flag is reset before the next read is issued: an event pushed from here on is either in that read or makes another.
        const missed = connection.takeMissedLive();
        if (page.length < this.settings.pageSize && !missed) {
          connection.goLive();
          // Current from now on: say so at once (signed) instead of after the first interval.
          if (this.#logReadable()) connection.heartbeat(await this.#heartbeats.frame(connection.clientId));
          return;
        }
        page = await this.readPage(cursor);
      }
    } catch (error) {
      if (error instanceof StreamClosedError) return;
      this.deps.logger.warn({ err: error }, 'revocation stream replay failed; the client will resume');
      connection.close('store_error');
    }
  }

  #release(connection: StreamConnection, reason: DisconnectReason): void {
    if (!this.#connections.delete(connection)) return;
    this.#admission.release(connection.ip, connection.clientId);
    this.deps.observer?.disconnected(reason);
  }

  #prepare(): Promise<void> {
    this.#preparing ??= this.#subscribeAndFindTail().finally(() => {
      this.#preparing = undefined;
    });
    return this.#preparing;
  }

  async #subscribeAndFindTail(): Promise<void> {
    if (this.#closed || this.#ready) return;
    try {
      // Subscribe first: an event appended while the tail is sought is then either before the
      // tail (not pushed: nobody is live yet) or wakes the first read after it.
      this.#unsubscribe ??= await this.deps.subscribe(() => this.#wake());
      this.#cursor = await findLogTail(this.deps.log);
      this.#readableAt = this.deps.clock.now();
      this.#ready = !this.#closed;
      if (this.#ready) this.#wake();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'revocation stream cannot start yet (store unreachable); retrying');
    }
  }

  /** Reads what is new in the log; one read at a time, and one more if woken meanwhile. */
  #wake(): void {
    if (!this.#ready || this.#closed) return;
    if (this.#reading !== undefined) {
      this.#readAgain = true;
      return;
    }
    this.#reading = this.#pushNewEvents().finally(() => {
      this.#reading = undefined;
      if (this.#readAgain) {
        this.#readAgain = false;
        this.#wake();
      }
    });
  }

  async #pushNewEvents(): Promise<void> {
    try {
      for (;;) {
        const page = await this.deps.log.listAfter(this.#cursor, this.settings.pageSize);
        let pushed = 0;
        for (const event of page) {
          if (this.#closed) return;
          if (this.#worthSending(event)) {
            await sendPerClient([...this.#connections], (clientId) => this.#frames.frame(event, clientId), (connection, frame) => connection.deliver(event.id, frame));
            pushed++;
          }
          this.#cursor = event.id;
        }
        if (pushed > 0) this.deps.observer?.eventsPushed(pushed);
        if (page.length < this.settings.pageSize) break;
      }
      this.#readableAt = this.deps.clock.now();
    } catch (error) {
      // Heartbeats stop (see #heartbeat): subscribers' staleness budgets run out and fail closed.
      this.deps.logger.warn({ err: error }, 'revocation log unreadable; stream heartbeats paused');
    }
  }

  /** Heartbeats only while the log has been read recently: a heartbeat promises the client it is current. */
  #heartbeat(): void {
    if (this.#logReadable()) this.#heartbeats.send([...this.#connections]);
  }

  #logReadable(): boolean {
    return this.#ready && !this.#closed && this.deps.clock.now() - this.#readableAt <= 2 * this.settings.pollIntervalMs;
  }

  /** Every instance purges (idempotent deletes); a reader resuming from a purged id still gets what follows it. */
  async #purge(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.deps.log.purgeExpired(this.deps.clock.now());
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not purge expired revocation events; retrying later');
    }
  }

  /** Expired events matter to no one; ids that cannot be an SSE `id:` are never sent. */
  #worthSending(event: RevocationEvent): boolean {
    return event.expiresAt > this.deps.clock.now() && isSafeEventId(event.id);
  }
}
