import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { HEARTBEAT_EVENT, SESSION_REVOKED_EVENT } from '../../src/index.js';
import { compactJws, signBytes, type TestKey } from './keys.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RevocationPayload {
  kind: 'session' | 'refresh_family' | 'token' | 'user';
  sid?: string;
  jti?: string;
  sub?: string;
  /** Epoch seconds. */
  until: number;
  /** Epoch seconds (may be fractional). */
  iat: number;
}

/** The resource server's client the tests subscribe as (every SET is addressed to it). */
export const STREAM_CLIENT = Object.freeze({ id: 'orders-api', secret: 'orders-api-secret' });

/** A signed Security Event Token as the Tessera server publishes it (`aud`: {@link STREAM_CLIENT}). */
export function revocationSet(key: TestKey, issuer: string, eventId: string, event: RevocationPayload, header: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): string {
  const { kind, sid, jti, sub, until, iat } = event;
  const payload = {
    iss: issuer,
    jti: eventId,
    iat,
    aud: STREAM_CLIENT.id,
    events: { [SESSION_REVOKED_EVENT]: { subject: { format: 'opaque', id: sid ?? jti ?? sub }, event_timestamp: iat } },
    tessera: { kind, ...(sid === undefined ? {} : { sid }), ...(jti === undefined ? {} : { jti }), ...(sub === undefined ? {} : { sub }), until },
    ...extra,
  };
  return compactJws({ alg: key.alg, typ: 'secevent+jwt', kid: key.kid, ...header }, payload, (input) => signBytes(key.alg, key.privateKey, input));
}

/** A signed heartbeat SET as the Tessera server sends it. */
export function heartbeatSet(key: TestKey, issuer: string, iatMs: number, extra: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const payload = { iss: issuer, jti: `hb-${iatMs}-${Math.random()}`, iat: iatMs / 1000, aud: STREAM_CLIENT.id, events: { [HEARTBEAT_EVENT]: {} }, ...extra };
  return compactJws({ alg: key.alg, typ: 'secevent+jwt', kid: key.kid, ...header }, payload, (input) => signBytes(key.alg, key.privateKey, input));
}

interface LoggedEvent {
  id: number;
  data: string;
}

/**
 * A small `node:http` server for `GET /oauth/revocations/stream`: Server-Sent Events with ids,
 * replay after `Last-Event-ID`, signed heartbeats (one right after the replay, like Tessera's),
 * the RFC 8414 metadata naming the stream and the revocation-event JWKS, and switches to misbehave.
 */
export class RevocationStreamServer {
  readonly log: LoggedEvent[] = [];
  /** `Last-Event-ID` of each connection, in order (`null` when absent). */
  readonly connections: (string | null)[] = [];
  /** The request headers of each stream request, in order. */
  readonly requestHeaders: IncomingHttpHeaders[] = [];
  /** When set, a stream request without exactly this `authorization` header is answered 401. */
  requiredAuthorization: string | undefined;
  /** Answer this status instead of a stream while > 0 requests remain. */
  failNext = 0;
  failStatus = 503;
  /** Delay before answering a stream request, ms. */
  delayMs = 0;
  /** Signs the heartbeats (and is published at the revocation-event JWKS); none: no heartbeats. */
  heartbeatKey: TestKey | undefined;
  /** The published revocation-event keys (default: the heartbeat key's). */
  eventKeys: JWK[] | undefined;
  /** The time a heartbeat's `iat` carries (the verifier's clock in tests). */
  now: () => number = Date.now;
  readonly #clients = new Set<ServerResponse>();
  readonly #server: Server;
  #nextId = 1;

  constructor() {
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  get issuer(): string {
    const address = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.#clients) client.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Appends an event to the log and sends it to every connected client. Returns its id. */
  publish(makeData: (id: string) => string, type = 'revocation'): string {
    const id = this.#nextId++;
    const data = makeData(String(id));
    this.log.push({ id, data: `${type}\u0000${data}` });
    for (const client of this.#clients) client.write(frame(id, type, data));
    return String(id);
  }

  /** An unsigned SSE comment (a proxy keepalive): must never make a verifier fresh. */
  keepalive(): void {
    for (const client of this.#clients) client.write(': keepalive\n\n');
  }

  /** A signed heartbeat to every client (no-op without a heartbeat key). */
  heartbeat(): void {
    if (this.heartbeatKey === undefined) return;
    const frame = heartbeatFrame(heartbeatSet(this.heartbeatKey, this.issuer, this.now()));
    for (const client of this.#clients) client.write(frame);
  }

  raw(text: string): void {
    for (const client of this.#clients) client.write(text);
  }

  /** Ends every open stream (the clients should reconnect). */
  dropConnections(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  async waitForClients(count: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#clients.size < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} stream clients, have ${this.#clients.size}`);
      await sleep(5);
    }
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/.well-known/oauth-authorization-server') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: this.issuer,
          tessera_revocation_events_endpoint: `${this.issuer}/oauth/revocations/stream`,
          tessera_revocation_events_jwks_uri: `${this.issuer}/oauth/revocations/jwks.json`,
        }),
      );
      return;
    }
    if (req.url === '/oauth/revocations/jwks.json') {
      const keys = this.eventKeys ?? (this.heartbeatKey === undefined ? [] : [this.heartbeatKey.jwk]);
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys }));
      return;
    }
    if (req.url !== '/oauth/revocations/stream') {
      res.writeHead(404).end();
      return;
    }
    const lastEventId = req.headers['last-event-id'];
    this.connections.push(typeof lastEventId === 'string' ? lastEventId : null);
    this.requestHeaders.push(req.headers);
    if (this.requiredAuthorization !== undefined && req.headers.authorization !== this.requiredAuthorization) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    if (this.failNext > 0) {
      this.failNext--;
      res.writeHead(this.failStatus).end();
      return;
    }
    setTimeout(() => {
      if (!this.#server.listening || res.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.flushHeaders();
      const after = typeof lastEventId === 'string' ? Number(lastEventId) : 0;
      for (const event of this.log) {
        if (event.id <= after) continue;
        const [type, data] = event.data.split('\u0000') as [string, string];
        res.write(frame(event.id, type, data));
      }
      if (this.heartbeatKey !== undefined) res.write(heartbeatFrame(heartbeatSet(this.heartbeatKey, this.issuer, this.now())));
      this.#clients.add(res);
      res.on('close', () => this.#clients.delete(res));
    }, this.delayMs);
  }
}

function heartbeatFrame(data: string): string {
  return `event: heartbeat\ndata: ${data}\n\n`;
}

function frame(id: number, type: string, data: string): string {
  return `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`;
}
