/** The revocation stream's limits and timings, per instance (defaults below; tests shrink them). */
export interface RevocationStreamSettings {
  /** Open streams per instance; more get 429 with `Retry-After`. */
  maxStreams: number;
  /** Open streams per client address (one noisy neighbour cannot take them all). */
  maxStreamsPerIp: number;
  /** Open streams per authenticated client (`TESSERA_REVOCATION_STREAMS_PER_CLIENT`): one resource server cannot take them all. */
  maxStreamsPerClient: number;
  /** Live events queued for a client that does not read, before it is disconnected. */
  maxQueuedEvents: number;
  maxQueuedBytes: number;
  /** A client that takes nothing for this long while data waits is disconnected, ms. */
  stallTimeoutMs: number;
  /** Signed heartbeat SET interval, ms (only while the log is readable: a heartbeat promises the client is current). */
  heartbeatIntervalMs: number;
  /** The log is read this often even without a bus message (the bus is best-effort), ms. */
  pollIntervalMs: number;
  /** Events read from the log per query. */
  pageSize: number;
  /** Sent as the SSE `retry:` field: the client's first reconnection delay, ms. */
  retryMs: number;
  /** Expired events are deleted from the log this often, ms (they matter to no one, and the log stays one token lifetime long). */
  purgeIntervalMs: number;
}

export const defaultRevocationStreamSettings: RevocationStreamSettings = {
  maxStreams: 1000,
  maxStreamsPerIp: 100,
  maxStreamsPerClient: 8,
  maxQueuedEvents: 1000,
  maxQueuedBytes: 1_048_576,
  stallTimeoutMs: 30_000,
  heartbeatIntervalMs: 15_000,
  pollIntervalMs: 5_000,
  pageSize: 500,
  retryMs: 1_000,
  purgeIntervalMs: 60_000,
};
