import type { Clock, KeyManager } from '@tessera/core';
import { heartbeatFrame, signHeartbeat } from './heartbeat-event.js';
import { sendPerClient } from './per-client-frames.js';
import type { StreamConnection } from './stream-connection.js';

export interface StreamHeartbeatDependencies {
  keys: Pick<KeyManager, 'revocationEventKey'>;
  issuer: string;
  clock: Clock;
  logger: { warn(object: object, message: string): void };
}

/**
 * Signed heartbeat SETs for live connections. The hub sends them only while it has read the log
 * recently: a heartbeat tells the client it is current (the verifier's freshness comes from
 * nothing else). One round at a time; a round still signing when the next is due skips it.
 */
export class StreamHeartbeats {
  #sending = false;

  constructor(private readonly deps: StreamHeartbeatDependencies) {}

  /** One heartbeat to every live connection among `connections`, one signature per client. */
  send(connections: Iterable<StreamConnection>): void {
    if (this.#sending) return;
    this.#sending = true;
    void sendPerClient(live(connections), (clientId) => this.frame(clientId), (connection, frame) => connection.heartbeat(frame))
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not sign the stream heartbeat'))
      .finally(() => (this.#sending = false));
  }

  /** The SSE frame of a heartbeat addressed to `clientId`, signed now. */
  async frame(clientId: string): Promise<string> {
    const key = await this.deps.keys.revocationEventKey();
    return heartbeatFrame(await signHeartbeat(key, this.deps.issuer, clientId, this.deps.clock.now()));
  }
}

/** Checked as each connection's turn comes (signing awaits): one that closed meanwhile is skipped. */
function* live(connections: Iterable<StreamConnection>): Generator<StreamConnection> {
  for (const connection of connections) if (connection.phase === 'live') yield connection;
}
