import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/app-context.js';
import { HttpProblem } from '../http/http-problem.js';
import { registerRevocationStreamMetrics } from '../revocation-stream/revocation-stream-metrics.js';
import { RevocationStreamHub } from '../revocation-stream/revocation-stream-hub.js';
import type { RevocationStreamSettings } from '../revocation-stream/revocation-stream-settings.js';
import { isSafeEventId, maxEventIdLength } from '../revocation-stream/server-sent-event.js';

/** Path of the stream, relative to the issuer (`revocation_events_endpoint` in the metadata). */
export const revocationStreamPath = '/oauth/revocations/stream';

const streamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  // RFC 9111 §5.2.2.5: no cache may keep or replay the stream.
  'cache-control': 'no-store',
  // No proxy buffering (nginx honours this header): events must leave at once.
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

/**
 * `GET /oauth/revocations/stream`: revocation events as Server-Sent Events, one RFC 8417 Security
 * Event Token per `revocation` event, `: keepalive` every 15 s. `Last-Event-ID` resumes after that
 * event from the durable log, so a verifier that was away (or whose server restarted) misses
 * nothing. Public like the JWKS: events name opaque ids only (sid, jti, user id), never a token
 * or an email. See docs/microservices.md.
 *
 * The hub starts with the app and ends every stream when the app closes (`preClose`, before the
 * listener waits for open connections).
 */
export function registerRevocationStreamRoute(
  app: FastifyInstance,
  context: Pick<AppContext, 'tessera'> & Partial<Pick<AppContext, 'metrics'>>,
  settings: Partial<RevocationStreamSettings> = {},
): RevocationStreamHub {
  const { tessera } = context;
  const hub: RevocationStreamHub = new RevocationStreamHub(
    {
      log: tessera.stores.revocationLog,
      subscribe: (handler) => tessera.revocation.subscribe(handler),
      keys: tessera.keys,
      issuer: tessera.settings.issuer,
      clock: tessera.clock,
      logger: app.log,
      ...(context.metrics ? { observer: registerRevocationStreamMetrics(context.metrics.registry, () => hub.size) } : {}),
    },
    settings,
  );
  app.addHook('onReady', () => hub.start());
  app.addHook('preClose', () => hub.close());

  app.get(revocationStreamPath, { exposeHeadRoute: false, logLevel: 'warn' }, async (request, reply) => {
    const lastEventId = parseLastEventId(request.headers['last-event-id']);
    const connection = hub.connect(request.ip, reply.raw);
    reply.raw.once('close', () => connection.close('client_gone'));
    let firstPage;
    try {
      firstPage = await hub.readPage(lastEventId);
    } catch (error) {
      connection.close('store_error');
      throw error;
    }
    if (connection.closed) throw new HttpProblem(503, 'shutting_down', 'The stream closed before it started');
    // From here the response is ours: Fastify's onSend hooks (and its serializer) never see it.
    reply.hijack();
    reply.raw.writeHead(200, streamHeaders);
    // Each event is a small write that must leave now, not after Nagle's delay.
    reply.raw.socket?.setNoDelay(true);
    void hub.stream(connection, lastEventId, firstPage);
    return reply;
  });
  return hub;
}

/** `Last-Event-ID` as the client sent it (WHATWG HTML §9.2.4), or undefined for a fresh start. */
function parseLastEventId(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || header.length > maxEventIdLength || (header !== '' && !isSafeEventId(header))) {
    throw new HttpProblem(400, 'invalid_request', 'Last-Event-ID is not an event id of this stream');
  }
  return header === '' ? undefined : header;
}
