import type { OutgoingHttpHeaders } from 'node:http';
import { revocationEventJwks, type ClientRecord, type Tessera } from '@tessera/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import { authenticateConfidentialClient } from '../auth/client-authentication.js';
import { HttpProblem } from '../http/http-problem.js';
import { oauthErrorResponses } from '../oauth/oauth-schemas.js';
import { useDescribedSchemas } from '../openapi/described-schema-compilers.js';
import { clientBasicAuth } from '../openapi/security-requirements.js';
import { registerRevocationStreamMetrics } from '../revocation-stream/revocation-stream-metrics.js';
import { RevocationStreamHub } from '../revocation-stream/revocation-stream-hub.js';
import type { RevocationStreamSettings } from '../revocation-stream/revocation-stream-settings.js';
import { isSafeEventId, maxEventIdLength } from '../revocation-stream/server-sent-event.js';
import { jwkSetSchema } from './jwk-set-schema.js';

/** Path of the stream, relative to the issuer (`tessera_revocation_events_endpoint` in the metadata). */
export const revocationStreamPath = '/oauth/revocations/stream';

/** Path of the JWKS of the revocation-event key (`tessera_revocation_events_jwks_uri`): not the access-token JWKS. */
export const revocationEventsJwksPath = '/oauth/revocations/jwks.json';

const eventsJwksRouteSchema = {
  summary: 'The public key that signs revocation events (not an access-token key)',
  tags: ['tokens'],
  response: { 200: { description: 'RFC 7517 §5 JWK Set', content: { 'application/jwk-set+json': { schema: jwkSetSchema } } }, ...oauthErrorResponses },
};

const streamRouteSchema = {
  summary: 'Revocation events (RFC 8417 SETs) as Server-Sent Events, for clients registered with --introspect',
  tags: ['tokens'],
  security: clientBasicAuth,
  headers: z.object({ 'last-event-id': z.string().optional().describe('Resume after this event (WHATWG HTML §9.2.4)') }),
  response: {
    200: { description: '`revocation` and `heartbeat` events, each a signed SET', content: { 'text/event-stream': { schema: z.string() } } },
    ...oauthErrorResponses,
  },
};

const basicChallenge = { 'www-authenticate': 'Basic realm="tessera", charset="UTF-8"' };

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
 * Event Token per `revocation` event and a signed `heartbeat` SET every 15 s, each addressed
 * (`aud`) to the subscribing client. `Last-Event-ID` resumes after that event from the durable
 * log, so a verifier that was away (or whose server restarted) misses nothing.
 *
 * Only for confidential clients registered with `--introspect` (HTTP Basic): the events name every
 * revoked user and session, and the slots are finite (per instance, per address, per client). See
 * docs/microservices.md.
 *
 * The hub starts with the app and ends every stream when the app closes (`preClose`, before the
 * listener waits for open connections).
 */
export function registerRevocationStreamRoute(
  app: FastifyInstance,
  context: Pick<AppContext, 'tessera'> & Partial<Pick<AppContext, 'metrics' | 'config'>>,
  settings: Partial<RevocationStreamSettings> = {},
): RevocationStreamHub {
  const { tessera } = context;
  // The schemas below are zod; the stream is also mounted alone (tests choose the hub's limits),
  // on an instance that buildApp's root compilers do not reach.
  useDescribedSchemas(app);
  if (context.config !== undefined && settings.maxStreamsPerClient === undefined) {
    settings = { ...settings, maxStreamsPerClient: context.config.revocationStreamsPerClient };
  }
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

  app.get(revocationEventsJwksPath, { schema: eventsJwksRouteSchema }, async (_request, reply) => {
    void reply
      .headers({ 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300' })
      .type('application/jwk-set+json; charset=utf-8');
    return revocationEventJwks(await tessera.keys.revocationEventKey());
  });

  app.get(revocationStreamPath, { schema: streamRouteSchema, exposeHeadRoute: false, logLevel: 'warn' }, async (request, reply) => {
    const client = await authenticateSubscriber(tessera, request);
    const lastEventId = parseLastEventId(request.headers['last-event-id']);
    const connection = hub.connect(request.ip, client.id, reply.raw);
    reply.raw.once('close', () => connection.close('client_gone'));
    let firstPage;
    try {
      firstPage = await hub.readPage(lastEventId);
    } catch (error) {
      connection.close('store_error');
      throw error;
    }
    if (connection.closed) throw new HttpProblem('shutting_down', 'The stream closed before it started');
    // From here the response is ours: Fastify's onSend hooks (and its serializer) never see it.
    // The headers hooks set on the reply (security headers, instance name) go out with it.
    const headers: OutgoingHttpHeaders = { ...(reply.getHeaders() as OutgoingHttpHeaders), ...streamHeaders };
    reply.hijack();
    reply.raw.writeHead(200, headers);
    // Each event is a small write that must leave now, not after Nagle's delay.
    reply.raw.socket?.setNoDelay(true);
    void hub.stream(connection, lastEventId, firstPage);
    return reply;
  });
  return hub;
}

/**
 * The subscriber: a confidential client registered with `--introspect`, by HTTP Basic (RFC 6749
 * §2.3.1; a GET has no body for `client_secret_post`). No credentials: 401 with the Basic
 * challenge (RFC 7235 §3.1); a client not allowed to introspect: 403.
 */
async function authenticateSubscriber(tessera: Tessera, request: FastifyRequest): Promise<ClientRecord> {
  if (!/^basic /i.test(request.headers.authorization ?? '')) {
    throw new HttpProblem('unauthenticated', 'The revocation stream needs client authentication (HTTP Basic)', basicChallenge);
  }
  const client = await authenticateConfidentialClient(tessera, request, {});
  if (!client.introspect) throw new HttpProblem('access_denied', 'This client is not registered to introspect (tessera clients add --introspect)');
  return client;
}

/** `Last-Event-ID` as the client sent it (WHATWG HTML §9.2.4), or undefined for a fresh start. */
function parseLastEventId(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || header.length > maxEventIdLength || (header !== '' && !isSafeEventId(header))) {
    throw new HttpProblem('invalid_request', 'Last-Event-ID is not an event id of this stream');
  }
  return header === '' ? undefined : header;
}
