import { InvalidInputError } from '@tessera/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

/**
 * Audit finding 12: a client_credentials token has `sub` = the client id (RFC 9068 §2.2), and
 * `/api/me` took it for a user's. With an operator-chosen `--id` equal to a (public) user id, a
 * service token read as that user. Client ids can no longer take the shape of user ids, and
 * `/api/me` answers a client's token as a client.
 */
describe('audit finding 12: client tokens can look like users', () => {
  let server: StartedServer;
  let http: HttpClient;

  const register = (id: string | undefined) =>
    server.tessera.clients.register({
      ...(id === undefined ? {} : { id }),
      name: 'A service',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: [],
      audiences: [server.config.issuer],
    });
  const serviceToken = async (id: string, secret: string) => {
    const result = await http.form('/oauth/token', { grant_type: 'client_credentials' }, { basic: { id, secret } });
    expect(result.status, result.text).toBe(200);
    return result.body.access_token as string;
  };

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a client id in the shape of a user id (here: a real user\'s) is refused', async () => {
    const victim = await signUp(http);
    await expect(register(victim.userId)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(register('A'.repeat(22))).rejects.toBeInstanceOf(InvalidInputError);
    // Generated ids never have that shape.
    const { client } = await register(undefined);
    expect(client.id).not.toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('/api/me answers a client_credentials token as a client: {sub, client_id, auth: "client"}, no email', async () => {
    const { client, secret } = await register('reporting-service');
    const me = await http.get('/api/me', { headers: { authorization: `Bearer ${await serviceToken(client.id, secret ?? '')}` } });
    expect(me.status, me.text).toBe(200);
    expect(me.body).toEqual({ sub: 'reporting-service', client_id: 'reporting-service', auth: 'client' });
  });
});
