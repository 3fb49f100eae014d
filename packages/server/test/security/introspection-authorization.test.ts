import { createVerifier, type VerifyError } from '@tessera/verify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, signUp, signUpAndLogIn } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

const ordersAudience = 'https://orders.example.test';
const billingAudience = 'https://billing.example.test';

interface Registered {
  id: string;
  secret: string;
}

/**
 * Audit finding 6: any confidential client could introspect anything (other clients' refresh
 * tokens, users' session cookies), and `@tessera/verify` then accepted a session cookie (an answer
 * without `aud`) as a Bearer token for any audience. RFC 7662 §2.1/§4: only registered resource
 * servers may ask, and each learns only about tokens meant for it.
 */
describe('audit finding 6: introspection answers anyone for anything', () => {
  let server: StartedServer;
  let http: HttpClient;
  /** client_credentials only, not registered to introspect. */
  let plainService: Registered;
  /** A resource server for `orders`, registered with `introspect`; also a password/refresh client. */
  let ordersApi: Registered;
  /** A resource server for `billing`, registered to introspect sessions too. */
  let billingApi: Registered;

  const register = async (id: string, options: { audiences: string[]; introspect?: boolean; introspectSessions?: boolean; grantTypes?: string[] }) => {
    const { secret } = await server.tessera.clients.register({
      id,
      name: id,
      type: 'confidential',
      grantTypes: options.grantTypes ?? ['client_credentials'],
      scopes: ['openid', 'offline_access'],
      audiences: options.audiences,
      ...(options.introspect === undefined ? {} : { introspect: options.introspect }),
      ...(options.introspectSessions === undefined ? {} : { introspectSessions: options.introspectSessions }),
    });
    return { id, secret: secret ?? '' };
  };
  const introspect = (token: string, client: Registered) => http.form('/oauth/introspect', { token }, { basic: client });

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite' });
    http = new HttpClient(server.baseUrl);
    plainService = await register('plain-service', { audiences: [ordersAudience] });
    ordersApi = await register('orders-api', { audiences: [ordersAudience], introspect: true, grantTypes: ['password', 'refresh_token', 'client_credentials'] });
    billingApi = await register('billing-api', { audiences: [billingAudience], introspectSessions: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a client not registered to introspect gets 403 unauthorized_client, for every kind of token', async () => {
    const account = await signUp(http);
    const pair = await passwordGrant(http, account);
    const { session } = await logIn(http, account);
    for (const token of [pair.access_token, pair.refresh_token, session, 'unknown']) {
      const answer = await introspect(token, plainService);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ error: 'unauthorized_client' });
      expect(answer.text).not.toContain('active');
    }
  });

  it('a resource server sees access tokens for its own audience only, as token_type Bearer', async () => {
    const account = await signUp(http);
    const forIssuer = await passwordGrant(http, account);
    const forOrders = await http.form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password, resource: ordersAudience }, { basic: ordersApi });
    expect(forOrders.status, forOrders.text).toBe(200);

    expect((await introspect(forIssuer.access_token, ordersApi)).body).toEqual({ active: false });
    const own = await introspect(forOrders.body.access_token as string, ordersApi);
    expect(own.body).toMatchObject({ active: true, token_type: 'Bearer', aud: ordersAudience, sub: account.userId });
    expect((await introspect(forOrders.body.access_token as string, billingApi)).body).toEqual({ active: false });
  });

  it('a refresh token is active only to the client it was issued to', async () => {
    const account = await signUp(http);
    const firstParty = await passwordGrant(http, account);
    const own = await http.form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password }, { basic: ordersApi });
    expect(own.status, own.text).toBe(200);

    expect((await introspect(firstParty.refresh_token, ordersApi)).body).toEqual({ active: false });
    expect((await introspect(own.body.refresh_token as string, billingApi)).body).toEqual({ active: false });
    expect((await introspect(own.body.refresh_token as string, ordersApi)).body).toMatchObject({ active: true, token_type: 'refresh_token', client_id: 'orders-api' });
  });

  it('a session cookie is active only to a client registered for sessions, with an aud it is checked against', async () => {
    const { session } = await signUpAndLogIn(http);
    expect((await introspect(session, ordersApi)).body).toEqual({ active: false });
    const answer = await introspect(session, billingApi);
    expect(answer.body).toMatchObject({ active: true, token_type: 'tessera_session', aud: billingAudience });
  });

  it('@tessera/verify refuses a session cookie introspected for another audience', async () => {
    const { session } = await signUpAndLogIn(http);
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (error: unknown) => (error as VerifyError).code,
      );
    // An orders verifier holding the billing service's credentials (a shared or leaked secret).
    const orders = createVerifier({ issuer: server.config.issuer, audience: ordersAudience, introspection: { clientId: billingApi.id, clientSecret: billingApi.secret, cacheMs: 0 } });
    expect(await code(orders.verify(session))).toBe('audience_mismatch');
    const billing = createVerifier({ issuer: server.config.issuer, audience: billingAudience, introspection: { clientId: billingApi.id, clientSecret: billingApi.secret, cacheMs: 0 } });
    expect(await code(billing.verify(session))).toBe('accepted');
    // The default audience of an access token is the issuer: never a resource server's.
    const pair = await passwordGrant(http, await signUp(http));
    expect(decodeJwt(pair.access_token).aud).toBe(server.config.issuer);
  });
});
