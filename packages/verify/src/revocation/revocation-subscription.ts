import type { Claims } from '../claims.js';
import type { Clock } from '../clock.js';
import type { FetchLike } from '../http/fetch-json.js';
import type { KeyResolver } from '../keys/key-resolver.js';
import { checkStreamHeaders } from '../resolve-options.js';
import type { StreamHeaders } from '../verifier-options.js';
import type { VerifierStats } from '../verifier-metrics.js';
import { isVerifyError } from '../verify-error.js';
import { reconnectDelayMs } from './reconnect-backoff.js';
import type { RevocationSource } from './revocation-source.js';
import { RevocationSet } from './revocation-set.js';
import { verifyHeartbeat, verifyRevocationEvent } from './verify-security-event-token.js';
import { readServerSentEvents, type ServerSentEvent } from './sse-reader.js';

const DEFAULT_MAX_RETRY_MS = 10_000;
/** Three missed 15 s heartbeats: the connection is presumed dead (a silent TCP loss) and replaced. */
const DEFAULT_IDLE_TIMEOUT_MS = 45_000;

/** Settings of a {@link RevocationSubscription}. */
export interface RevocationSubscriptionSettings {
  /**
   * The stream's URL, or a function resolving it before each connection (the verifier asks the
   * metadata's `tessera_revocation_events_endpoint`, falling back to `${issuer}/oauth/revocations/stream`).
   */
  readonly streamUrl: string | (() => Promise<string>);
  /** Extra request headers (e.g. for a proxy), or a function per connection. */
  readonly headers?: StreamHeaders | undefined;
  /** The `Authorization` header of the verifier's client (the stream authenticates its subscribers). */
  readonly authorization: string;
  /** The verifier's client id: the `aud` every event must carry. */
  readonly audience: string;
  readonly issuer: string;
  readonly algorithms: ReadonlySet<string>;
  /** The revocation-event keys (`tessera_revocation_events_jwks_uri`), not the access-token keys. */
  readonly keys: KeyResolver;
  /** How far in the future a heartbeat's `iat` may be (clock skew), ms. Default 5000. */
  readonly clockToleranceMs?: number;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly stats: VerifierStats;
  /** For the reconnect jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** First reconnect delay (the server's `retry:` field replaces it). Default 500 ms. */
  readonly initialRetryMs?: number;
  /**
   * Longest reconnect delay. Default 10 s: short enough that a verifier is back well inside the
   * default 60 s staleness budget after a server restart; the jitter spreads the herd.
   */
  readonly maxRetryMs?: number;
  /** Bound of the revocation set. Default 100 000. */
  readonly maxEntries?: number;
  /** A connection silent (no event, no heartbeat) for this long is dropped and reopened. Default 45 s. */
  readonly idleTimeoutMs?: number;
}

/**
 * Follows the server's revocation stream (Server-Sent Events, one RFC 8417 SET per `revocation`
 * event, a signed `heartbeat` SET every 15 s) and keeps the revocations in memory, so the
 * verifier refuses revoked tokens with no call per request.
 *
 * - Each event is verified (signature with the revocation-event keys, `iss`, `aud` = this client,
 *   `typ: secevent+jwt`) before it counts; a forged, foreign or malformed event is skipped and
 *   counted, and moves neither `Last-Event-ID` nor freshness.
 * - Reconnects with `Last-Event-ID` (the last event it accepted) and exponential backoff with
 *   jitter, also when an open connection stays silent past the heartbeat interval (a connection
 *   lost without a FIN would otherwise look open for minutes).
 * - An event signed with a `kid` the verifier does not know yet ends the connection, so the event
 *   is read again after a backoff instead of being lost; meanwhile the state is not fresh. Once the
 *   key set has been reloaded since the event was first seen and the `kid` is still unknown, the
 *   event is skipped as forged (so one bad event cannot block the stream forever).
 * - `freshAt()` is the `iat` of the last verified heartbeat (never later than its arrival): the
 *   verifier's `maxStaleness` budget is measured against it. Nothing unsigned (a connection, an
 *   SSE comment) makes the state fresh: anyone on the path could send those.
 */
export class RevocationSubscription implements RevocationSource {
  readonly #set: RevocationSet;
  readonly #abort = new AbortController();
  readonly #ready: Promise<void>;
  #markReady: () => void = () => undefined;
  #freshAt: number | undefined;
  #lastEventId: string | undefined;
  #retryMs: number;
  #attempt = 0;
  #closed = false;
  /** The event being retried because its key is not known yet, and since when. */
  #stuck: { readonly id: string | undefined; readonly since: number } | undefined;
  #running: Promise<void> | undefined;

  constructor(private readonly settings: RevocationSubscriptionSettings) {
    this.#set = new RevocationSet(settings.maxEntries ?? 100_000);
    this.#retryMs = settings.initialRetryMs ?? 500;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
  }

  /** Starts following the stream (idempotent). */
  start(): void {
    this.#running ??= this.#run();
  }

  isRevoked(claims: Claims, now: number): boolean {
    return this.#set.matches(claims, now);
  }

  freshAt(): number | undefined {
    if (this.#freshAt === undefined || this.settings.clock.now() < this.#set.incompleteUntil) return undefined;
    return this.#freshAt;
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** Live entries in the revocation set. */
  get size(): number {
    return this.#set.size;
  }

  /** The id of the last event accepted (sent as `Last-Event-ID` on reconnect). */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  close(): void {
    this.#closed = true;
    this.#abort.abort();
  }

  /** Resolves when the loop has stopped after `close()`. */
  async closed(): Promise<void> {
    await this.#running;
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      const delivered = await this.#connectOnce();
      if (this.#closed) return;
      if (delivered) this.#attempt = 0;
      this.settings.stats.revocationReconnects++;
      const delay = reconnectDelayMs(this.#attempt++, this.#retryMs, this.settings.maxRetryMs ?? DEFAULT_MAX_RETRY_MS, this.settings.random ?? Math.random);
      await this.#sleep(delay);
    }
  }

  /** One connection; resolves true when it delivered at least one event. */
  async #connectOnce(): Promise<boolean> {
    let delivered = false;
    const connection = new AbortController();
    const abortConnection = (): void => connection.abort();
    this.#abort.signal.addEventListener('abort', abortConnection, { once: true });
    const watchdog = setTimeout(abortConnection, this.settings.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    watchdog.unref();
    try {
      const { streamUrl } = this.settings;
      const url = typeof streamUrl === 'string' ? streamUrl : await streamUrl();
      // The operator's headers first: the verifier's own (accept, cache-control, last-event-id) are not theirs to change.
      const headers: Record<string, string> = {
        ...(await this.#extraHeaders()),
        authorization: this.settings.authorization,
        accept: 'text/event-stream',
        'cache-control': 'no-cache',
      };
      if (this.#lastEventId !== undefined) headers['last-event-id'] = this.#lastEventId;
      const response = await this.settings.fetch(url, { headers, signal: connection.signal });
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || response.body === null || !type.toLowerCase().startsWith('text/event-stream')) {
        await response.body?.cancel().catch(() => undefined);
        return false;
      }
      this.settings.stats.revocationConnected = true;
      await readServerSentEvents(response.body, {
        onEvent: async (event) => {
          watchdog.refresh();
          await this.#handle(event);
          delivered = true;
        },
        onComment: () => {
          // Keeps the connection (a proxy's keepalive), never the freshness: a comment is unsigned.
          watchdog.refresh();
        },
        onRetry: (ms) => {
          this.#retryMs = Math.min(Math.max(ms, 100), this.settings.maxRetryMs ?? DEFAULT_MAX_RETRY_MS);
        },
      });
    } catch {
      // Network error, abort, or an event to re-read later: reconnect.
    } finally {
      clearTimeout(watchdog);
      this.#abort.signal.removeEventListener('abort', abortConnection);
      connection.abort();
      this.settings.stats.revocationConnected = false;
    }
    return delivered;
  }

  async #handle(event: ServerSentEvent): Promise<void> {
    if (event.event === 'heartbeat') await this.#handleHeartbeat(event);
    else if (event.event === 'revocation') await this.#handleRevocation(event);
  }

  async #handleRevocation(event: ServerSentEvent): Promise<void> {
    const now = this.settings.clock.now();
    try {
      const verified = await verifyRevocationEvent(event.data, event.id, this.settings, now);
      const arrivedAt = this.settings.clock.now();
      this.#set.add(verified.entry, arrivedAt);
      this.settings.stats.revocationEvents++;
      this.settings.stats.revocationDelay.observe(arrivedAt - verified.issuedAtMs);
      if (event.id !== undefined) this.#lastEventId = event.id;
    } catch (error) {
      // A key we cannot get yet: end this connection and read the event again after a backoff.
      if (this.#shouldRetry(event, error)) throw error;
      this.settings.stats.revocationEventsRejected++;
    }
    // Only the stuck event itself settles it: the events replayed before it must not restart its clock.
    if (this.#stuck?.id === event.id) this.#stuck = undefined;
  }

  /** A verified heartbeat is the only source of freshness (and of readiness). */
  async #handleHeartbeat(event: ServerSentEvent): Promise<void> {
    const now = this.settings.clock.now();
    let issuedAtMs: number;
    try {
      issuedAtMs = await verifyHeartbeat(event.data, this.settings, now, this.settings.clockToleranceMs ?? 5000);
    } catch (error) {
      if (this.#shouldRetry(event, error)) throw error;
      this.settings.stats.revocationEventsRejected++;
      return;
    }
    // Never later than now (a server clock ahead of ours), never backwards.
    const freshAt = Math.min(this.settings.clock.now(), issuedAtMs);
    if (this.#freshAt === undefined || freshAt > this.#freshAt) this.#freshAt = freshAt;
    this.#markReady();
  }

  #shouldRetry(event: ServerSentEvent, error: unknown): boolean {
    if (!isVerifyError(error) || (error.code !== 'unknown_key' && error.code !== 'jwks_unavailable')) return false;
    const keys = this.settings.keys;
    if (!keys.reloadable) return false;
    if (this.#stuck === undefined || this.#stuck.id !== event.id) this.#stuck = { id: event.id, since: this.settings.clock.now() };
    if (error.code === 'jwks_unavailable') return true;
    const loadedAt = keys.loadedAt();
    return loadedAt === undefined || loadedAt <= this.#stuck.since;
  }

  /** The configured extra headers for one connection (a function is called, and its answer checked, each time). */
  async #extraHeaders(): Promise<Readonly<Record<string, string>>> {
    const headers = this.settings.headers;
    if (headers === undefined) return {};
    if (typeof headers !== 'function') return headers;
    return checkStreamHeaders(await headers());
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      const signal = this.#abort.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
