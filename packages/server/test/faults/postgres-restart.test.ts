import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, refresh, signUp, type Credentials, type TokenPair } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import type { TestClient } from '../support/start-server.js';
import { postgresBinDir, startThrowawayPostgres, toolAvailable, type ThrowawayPostgres } from '@tessera/testing';
import { answeredBy, clusterPrerequisites, eventually, registerTestClient, startTestCluster, type Cluster } from '../cluster/support/cluster-harness.js';

/**
 * Issue 3, fault 3: PostgreSQL restarts under two instances. During the outage whatever needs
 * it answers 503 (never 500, never a hang); afterwards every record is still there. The server
 * is a throwaway cluster (initdb on a spare port), so the shared 5432 is never disturbed; it is
 * stopped with `pg_ctl -m immediate`, a crash that the restart recovers from the WAL.
 */
const ready = (await clusterPrerequisites()) && toolAvailable('postgres-server', postgresBinDir() !== null, 'apt-get install postgresql, or set TESSERA_PG_BIN');

interface Account extends Credentials {
  userId: string;
  session: string;
  pair: TokenPair;
}

describe.runIf(ready)('PostgreSQL restart', () => {
  let postgres: ThrowawayPostgres;
  let cluster: Cluster;
  let client: TestClient;
  const accounts: Account[] = [];
  let revokedFamily: TokenPair;
  let rowsBefore: Record<string, number>;

  const instances = () => cluster.instances.map((instance) => [instance.name, new HttpClient(instance.url)] as const);

  async function countRows(): Promise<Record<string, number>> {
    const db = new pg.Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const counts: Record<string, number> = {};
      for (const table of ['users', 'refresh_families', 'refresh_tokens', 'clients', 'signing_keys', 'revocation_events']) {
        const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
        counts[table] = Number(rows[0]!.n);
      }
      return counts;
    } finally {
      await db.end();
    }
  }

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    cluster = await startTestCluster({ instances: 2, databaseUrl: postgres.url });
    client = await registerTestClient(cluster);
    const lb = new HttpClient(cluster.url);
    for (let i = 0; i < 5; i++) {
      const account = await signUp(lb);
      const { session } = await logIn(lb, account);
      accounts.push({ ...account, session, pair: await passwordGrant(lb, account) });
    }
    revokedFamily = await passwordGrant(lb, accounts[0]!);
    expect((await lb.form('/oauth/revoke', { token: revokedFamily.refresh_token })).status).toBe(200);
    // Each instance has looked up every user's email once (its bounded cache), as a running
    // server would have.
    for (const [, http] of instances()) for (const account of accounts) expect((await http.get('/api/me', { headers: { authorization: `Bearer ${account.pair.access_token}` } })).status).toBe(200);
    rowsBefore = await countRows();
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await postgres?.destroy();
  }, 60_000);

  it('during the outage everything that needs PostgreSQL answers 503 with a JSON problem, quickly; JWTs keep working', { timeout: 120_000 }, async () => {
    await postgres.stop();
    await eventually(async () => {
      const statuses = await Promise.all(instances().map(async ([, http]) => (await http.get('/readyz')).status));
      return statuses.every((status) => status === 503);
    }, 10_000, 'readyz 503');

    const [account, other] = accounts as [Account, Account];
    const answers: { what: string; result: HttpResult; ms: number }[] = [];
    const ask = async (what: string, request: () => Promise<HttpResult>) => {
      const started = performance.now();
      const result = await request();
      answers.push({ what, result, ms: performance.now() - started });
      return result;
    };
    for (let round = 0; round < 3; round++) {
      for (const [name, http] of instances()) {
        const expect503 = async (what: string, request: () => Promise<HttpResult>) => {
          const result = await ask(`${name} ${what}`, request);
          expect(result.status, `${name} ${what}: ${result.text.slice(0, 200)}`).toBe(503);
          expect(result.headers.get('content-type')).toMatch(/^application\/(problem\+)?json/);
        };
        await expect503('signup', () => http.json('POST', '/auth/signup', { email: `new-${round}-${name}@example.test`, password: 'a long enough password' }));
        await expect503('login', () => http.json('POST', '/auth/login', { email: account.email, password: account.password }));
        await expect503('session', () => http.get('/auth/session', { session: account.session }));
        await expect503('password grant', () => http.form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password }));
        await expect503('refresh', () => http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: other.pair.refresh_token }));
        await expect503('client_credentials', () => http.form('/oauth/token', { grant_type: 'client_credentials' }, { basic: { id: client.id, secret: client.secret } }));
        // A JWT needs neither: local keys, the denylist mirror (Redis) and the instance's email cache.
        const jwt = await ask(`${name} bearer`, () => http.get('/api/me', { headers: { authorization: `Bearer ${account.pair.access_token}` } }));
        expect(jwt.status, jwt.text).toBe(200);
      }
      await sleep(500);
    }
    // Through the balancer (no instance ready): the instances still answer, with their own 503s.
    const viaBalancer = await new HttpClient(cluster.url).json('POST', '/auth/login', { email: account.email, password: account.password });
    expect(viaBalancer.status).toBe(503);
    expect(answeredBy(viaBalancer)).not.toBeNull();

    expect(answers.filter((a) => a.result.status >= 500 && a.result.status !== 503)).toEqual([]);
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.log(`\nPostgreSQL down: ${answers.length} requests, slowest answer ${slowest.toFixed(0)} ms`);
    expect(slowest).toBeLessThan(10_000);
  });

  it('after the restart every record is intact and every flow works again, without restarting Tessera', { timeout: 120_000 }, async () => {
    const pids = cluster.instances.map((instance) => instance.pid);
    const restartedAt = performance.now();
    await postgres.start();
    await eventually(async () => {
      const statuses = await Promise.all(instances().map(async ([, http]) => (await http.get('/readyz')).status));
      return statuses.every((status) => status === 200);
    }, 30_000, 'readyz 200');
    console.log(`PostgreSQL restarted: both instances ready again ${((performance.now() - restartedAt) / 1000).toFixed(2)} s after it accepted connections`);
    expect(cluster.instances.map((instance) => instance.pid)).toEqual(pids);
    expect(await countRows()).toEqual(rowsBefore);

    for (const [name, http] of instances()) {
      for (const account of accounts) {
        expect((await http.get('/auth/session', { session: account.session })).status, name).toBe(200);
        expect((await http.json('POST', '/auth/login', { email: account.email, password: account.password })).status, name).toBe(200);
      }
      const service = await http.form('/oauth/token', { grant_type: 'client_credentials' }, { basic: { id: client.id, secret: client.secret } });
      expect(service.status, service.text).toBe(200);
      // The family revoked before the outage stays revoked.
      expect((await refresh(http, revokedFamily.refresh_token)).body.error).toBe('invalid_grant');
    }
    for (const account of accounts) {
      const rotated = await refresh(new HttpClient(cluster.url), account.pair.refresh_token);
      expect(rotated.status, rotated.text).toBe(200);
    }
    expect((await signUp(new HttpClient(cluster.url))).userId).toEqual(expect.any(String));
  });
});
