import { afterEach, describe, expect, it } from 'vitest';
import { logIn, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { SseTestClient } from './sse-test-client.js';

let server: StartedServer | undefined;
const clients: SseTestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.close();
  server = undefined;
});

describe('the revocation stream in the full server', () => {
  it('is advertised in the metadata as tessera_revocation_events_endpoint', async () => {
    server = await startTestServer();
    const metadata = await new HttpClient(server.baseUrl).get('/.well-known/oauth-authorization-server');
    expect(metadata.body.tessera_revocation_events_endpoint).toBe(`${server.baseUrl}/oauth/revocations/stream`);
  });

  it('pushes a browser logout (session kind) to subscribers, in SQLite-backed servers too', async () => {
    server = await startTestServer({ store: 'sqlite' });
    const http = new HttpClient(server.baseUrl);
    const account = await signUp(http);
    const session = await logIn(http, account);
    const client = await SseTestClient.connect(`${server.baseUrl}/oauth/revocations/stream`, { credentials: await registerResourceServer(server) });
    clients.push(client);
    expect(client.status).toBe(200);
    const logout = await http.json('POST', '/auth/logout', undefined, { session: session.session, csrf: session.csrf });
    expect(logout.status).toBe(204);
    await client.waitFor((c) => c.events.length === 1);
    const payload = JSON.parse(Buffer.from(client.events[0]!.data!.split('.')[1]!, 'base64url').toString());
    expect(payload.tessera).toMatchObject({ kind: 'session', sub: account.userId });
  });

  it('ends open streams on shutdown instead of waiting out the shutdown timeout', async () => {
    server = await startTestServer();
    const credentials = await registerResourceServer(server);
    const streams = [
      await SseTestClient.connect(`${server.baseUrl}/oauth/revocations/stream`, { credentials }),
      await SseTestClient.connect(`${server.baseUrl}/oauth/revocations/stream`, { credentials }),
    ];
    clients.push(...streams);
    const startedAt = Date.now();
    await server.close();
    server = undefined;
    expect(Date.now() - startedAt).toBeLessThan(3000);
    for (const client of streams) await client.waitFor((c) => c.ended);
  });
});

/** A resource server's client (`tessera clients add --type confidential --introspect`). */
async function registerResourceServer(started: StartedServer): Promise<{ id: string; secret: string }> {
  const { secret } = await started.tessera.clients.register({
    id: 'orders-api',
    name: 'Orders API',
    type: 'confidential',
    grantTypes: ['client_credentials'],
    scopes: [],
    audiences: ['orders-api'],
    introspect: true,
  });
  return { id: 'orders-api', secret: secret ?? '' };
}
