import { join } from 'node:path';
import type { Stores } from '@tessera/core';
import { createSqliteStores } from '@tessera/store-sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, refresh, signUp, type Credentials } from './support/accounts.js';
import { HttpClient } from './support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Audit finding 7a: revoking what is already revoked (RFC 7009 `/oauth/revoke` twice, a spent
 * refresh token of a dead family replayed, a logout of a dead session) emits nothing: no row in
 * `revocation_events`, no signature, no push to subscribers. Counted in the real SQLite file.
 */
describe('audit finding 7a: revocation is not idempotent', () => {
  let server: StartedServer;
  let reader: Stores;
  let http: HttpClient;
  let account: Credentials;

  beforeAll(async () => {
    server = await startTestServer({ store: 'sqlite', env: { TESSERA_ARGON2_MEMORY_KIB: '1024', TESSERA_ARGON2_TIME_COST: '1', TESSERA_REFRESH_GRACE_SECONDS: '1' } });
    reader = await createSqliteStores({ filename: join(server.config.dataDir, 'tessera.db') });
    http = new HttpClient(server.baseUrl);
    account = await signUp(http);
  });
  afterAll(async () => {
    await reader?.close();
    await server?.close();
  });

  const events = async () => (await reader.revocationLog.listAfter(undefined, 10_000)).length;
  const revoke = async (token: string, hint: string) => expect((await http.form('/oauth/revoke', { token, token_type_hint: hint })).status).toBe(200);

  it('revoking the same access token twice writes one event', async () => {
    const pair = await passwordGrant(http, account);
    const before = await events();
    await revoke(pair.access_token, 'access_token');
    expect(await events()).toBe(before + 1);
    await revoke(pair.access_token, 'access_token');
    await revoke(pair.access_token, 'access_token');
    expect(await events()).toBe(before + 1);
  });

  it('revoking the same refresh token twice writes one event', async () => {
    const pair = await passwordGrant(http, account);
    const before = await events();
    await revoke(pair.refresh_token, 'refresh_token');
    expect(await events()).toBe(before + 1);
    await revoke(pair.refresh_token, 'refresh_token');
    expect(await events()).toBe(before + 1);
  });

  it('replaying a spent refresh token of a dead family writes one event, however often', async () => {
    const pair = await passwordGrant(http, account);
    expect((await refresh(http, pair.refresh_token)).status).toBe(200);
    await sleep(1_100); // past the grace window
    const before = await events();
    expect((await refresh(http, pair.refresh_token)).status).toBe(400); // reuse: the family dies
    expect(await events()).toBe(before + 1);
    for (let i = 0; i < 3; i++) expect((await refresh(http, pair.refresh_token)).status).toBe(400);
    expect(await events()).toBe(before + 1);
  });

  it('logging out of an already dead session writes nothing', async () => {
    const { session, csrf } = await logIn(http, account);
    const before = await events();
    expect((await http.json('POST', '/auth/logout', undefined, { session, csrf })).status).toBe(204);
    expect(await events()).toBe(before + 1);
    await http.json('POST', '/auth/logout', undefined, { session, csrf });
    expect(await events()).toBe(before + 1);
  });
});
