import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import { compactVerify, createRemoteJWKSet, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { logIn, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { basicAuthorization, SseTestClient } from './sse-test-client.js';
import { setTimeout as sleep } from 'node:timers/promises';

let server: StartedServer | undefined;
const clients: SseTestClient[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const http of servers.splice(0)) await new Promise((resolve) => http.close(resolve));
  await server?.close();
  server = undefined;
});

async function subscribe(url: string, credentials?: { id: string; secret: string }): Promise<SseTestClient> {
  const client = await SseTestClient.connect(url, credentials === undefined ? {} : { credentials });
  clients.push(client);
  return client;
}

/** A resource server's client, registered like `tessera clients add --type confidential --introspect`. */
async function registerResourceServer(started: StartedServer, id: string): Promise<{ id: string; secret: string }> {
  const { secret } = await started.tessera.clients.register({
    id,
    name: id,
    type: 'confidential',
    grantTypes: ['client_credentials'],
    scopes: [],
    audiences: [id],
    introspect: true,
  });
  return { id, secret: secret ?? '' };
}

describe('audit finding 3: anyone can exhaust the revocation stream', () => {
  it('refuses anonymous subscribers with 401 and a Basic challenge, and wrong secrets with 401', async () => {
    server = await startTestServer({ store: 'sqlite' });
    const streamUrl = `${server.baseUrl}/oauth/revocations/stream`;
    const anonymous = await fetch(streamUrl, { headers: { accept: 'text/event-stream' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await anonymous.json()).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });

    const resource = await registerResourceServer(server, 'orders-api');
    const wrong = await fetch(streamUrl, { headers: { authorization: basicAuthorization({ id: resource.id, secret: 'not-the-secret' }) } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    await wrong.body?.cancel();
  });

  it('refuses a confidential client registered without --introspect with 403', async () => {
    server = await startTestServer({ store: 'sqlite' });
    const { secret } = await server.tessera.clients.register({
      id: 'token-only-service',
      name: 'Token-only service',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: [],
      audiences: ['token-only-service'],
    });
    const response = await fetch(`${server.baseUrl}/oauth/revocations/stream`, {
      headers: { authorization: basicAuthorization({ id: 'token-only-service', secret: secret ?? '' }) },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'access_denied', error_description: expect.any(String) });
  });

  it('admits an --introspect client, caps its concurrent streams, and leaves room for other clients', async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_REVOCATION_STREAMS_PER_CLIENT: '3' } });
    const streamUrl = `${server.baseUrl}/oauth/revocations/stream`;
    const greedy = await registerResourceServer(server, 'greedy-api');
    const other = await registerResourceServer(server, 'billing-api');
    const admitted = [await subscribe(streamUrl, greedy), await subscribe(streamUrl, greedy), await subscribe(streamUrl, greedy)];
    expect(admitted.map((c) => c.status)).toEqual([200, 200, 200]);
    const refused = await subscribe(streamUrl, greedy);
    expect(refused.status).toBe(429);
    expect((await subscribe(streamUrl, other)).status).toBe(200);
    admitted[0]!.close();
    await waitUntil(async () => (await subscribe(streamUrl, greedy)).status === 200);
  });

  it('shows revocations only to authenticated resource servers, with the SET addressed to the subscriber', async () => {
    server = await startTestServer({ store: 'sqlite' });
    const resource = await registerResourceServer(server, 'orders-api');
    const http = new HttpClient(server.baseUrl);
    const account = await signUp(http);
    const session = await logIn(http, account);
    const client = await subscribe(`${server.baseUrl}/oauth/revocations/stream`, resource);
    expect(client.status).toBe(200);
    await http.json('POST', '/auth/logout', undefined, { session: session.session, csrf: session.csrf });
    await client.waitFor((c) => c.events.length === 1);
    expect(SseTestClient.payload(client.events[0]!)).toMatchObject({ aud: 'orders-api', tessera: { kind: 'session', sub: account.userId } });
  });
});

describe('audit finding 4: revocation events can be used as access tokens', () => {
  async function takeSetOffTheStream(started: StartedServer): Promise<string> {
    const resource = await registerResourceServer(started, 'orders-api');
    const http = new HttpClient(started.baseUrl);
    const account = await signUp(http);
    const session = await logIn(http, account);
    const client = await subscribe(`${started.baseUrl}/oauth/revocations/stream`, resource);
    expect(client.status).toBe(200);
    await http.json('POST', '/auth/logout', undefined, { session: session.session, csrf: session.csrf });
    await client.waitFor((c) => c.events.length === 1);
    return client.events[0]!.data!;
  }

  it('signs events with a key of their own, published at tessera_revocation_events_jwks_uri and not in the access-token JWKS', async () => {
    server = await startTestServer({ store: 'sqlite' });
    const metadata = (await new HttpClient(server.baseUrl).get('/.well-known/oauth-authorization-server')).body as Record<string, unknown>;
    expect(metadata.tessera_revocation_events_endpoint).toBe(`${server.baseUrl}/oauth/revocations/stream`);
    expect(typeof metadata.tessera_revocation_events_jwks_uri).toBe('string');
    expect(metadata).not.toHaveProperty('revocation_events_endpoint');
    const set = await takeSetOffTheStream(server);
    const { kid, typ } = decodeProtectedHeader(set);
    expect(typ).toBe('secevent+jwt');
    const accessJwks = (await (await fetch(`${server.baseUrl}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
    expect(accessJwks.keys.map((key) => key.kid)).not.toContain(kid);
    await expect(compactVerify(set, createRemoteJWKSet(new URL(metadata.tessera_revocation_events_jwks_uri as string)))).resolves.toBeDefined();
  });

  it('a SET taken off the stream is refused as a Bearer token by /api/me', async () => {
    server = await startTestServer({ store: 'sqlite' });
    const set = await takeSetOffTheStream(server);
    const response = await fetch(`${server.baseUrl}/api/me`, { headers: { authorization: `Bearer ${set}` } });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });

  it('a SET is refused by an unmodified express-jwt + jwks-rsa configured without an audience', async () => {
    // ES256: the access-token algorithm jsonwebtoken-based middleware verifies (it has no EdDSA).
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_JWT_ALG: 'ES256' } });
    const set = await takeSetOffTheStream(server);
    const app = express();
    app.use(
      expressjwt({
        secret: jwksRsa.expressJwtSecret({ jwksUri: `${server.baseUrl}/.well-known/jwks.json`, cache: false }) as never,
        algorithms: ['ES256', 'RS256', 'PS256'],
      }),
    );
    app.get('/orders', (_request, response) => {
      response.json({ ok: true });
    });
    app.use((error: Error & { status?: number }, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
      response.status(error.status ?? 401).json({ error: error.name, message: error.message });
    });
    const http = app.listen(0, '127.0.0.1');
    servers.push(http);
    await new Promise((resolve) => http.once('listening', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/orders`;
    // The middleware works: a real access token passes.
    const token = await clientCredentialsToken(server);
    const accepted = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(await accepted.json()).toEqual({ ok: true });
    const refused = await fetch(url, { headers: { authorization: `Bearer ${set}` } });
    expect(refused.status).toBe(401);
    await refused.body?.cancel();
  });
});

async function clientCredentialsToken(started: StartedServer): Promise<string> {
  const response = await fetch(`${started.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basicAuthorization(started.confidentialClient), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: started.confidentialClient.scope }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}
