import type { StreamConnection } from './stream-connection.js';

/**
 * Hands each connection the frame for its client, signed once per client rather than once per
 * connection: every SET on the stream carries `aud` = the subscribing client (RFC 8417 §2.2), so
 * all connections of one client share a frame.
 */
export async function sendPerClient(
  connections: Iterable<StreamConnection>,
  frameFor: (clientId: string) => Promise<string>,
  send: (connection: StreamConnection, frame: string) => void,
): Promise<void> {
  const frames = new Map<string, string>();
  for (const connection of connections) {
    let frame = frames.get(connection.clientId);
    if (frame === undefined) {
      frame = await frameFor(connection.clientId);
      frames.set(connection.clientId, frame);
    }
    send(connection, frame);
  }
}
