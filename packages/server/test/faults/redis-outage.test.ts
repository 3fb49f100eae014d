import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, refresh, signUp, type Credentials, type TokenPair } from '../e2e/support/accounts.js';
import { HttpClient, type HttpResult } from '../e2e/support/http-client.js';
import { redisServerInstalled, startThrowawayRedis, toolAvailable, type ThrowawayRedis } from '@tessera/testing';
import { answeredBy, clusterPrerequisites, eventually, scrapeMetrics, startTestCluster, type Cluster } from '../cluster/support/cluster-harness.js';

/**
 * Issue 3, fault 2: Redis stops (a crash: SIGKILL) and comes back, under two instances that
 * differ only in TESSERA_REVOCATION_FAILURE_MODE: t1 `closed` (the default), t2 `open`. Redis
 * here is a throwaway server with AOF (fsync always) on a spare port, never the shared 6379.
 */
const ready = (await clusterPrerequisites()) && toolAvailable('redis-server', await redisServerInstalled(), 'apt-get install redis-server');

function expectProblem(result: HttpResult, status: number, context: string): void {
  expect(result.status, `${context}: ${result.text.slice(0, 200)}`).toBe(status);
  expect(result.headers.get('content-type'), context).toMatch(/^application\/(problem\+)?json/);
}

describe.runIf(ready)('Redis outage', () => {
  let redis: ThrowawayRedis;
  let cluster: Cluster;
  let account: Credentials & { userId: string };
  let session: string;
  let loggedOut: string;
  let pair: TokenPair;
  let revokedBefore: TokenPair;
  let pids: (number | null)[];

  const closed = () => new HttpClient(cluster.instance('t1').url);
  const open = () => new HttpClient(cluster.instance('t2').url);
  const bearer = (http: HttpClient, token: string) => http.get('/api/me', { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    redis = await startThrowawayRedis({ persistent: true });
    cluster = await startTestCluster({
      instances: 2,
      redisUrl: redis.url,
      instanceEnv: (name) => ({ TESSERA_REVOCATION_FAILURE_MODE: name === 't1' ? 'closed' : 'open' }),
    });
    const lb = new HttpClient(cluster.url);
    account = await signUp(lb);
    session = (await logIn(closed(), account)).session;
    const other = await logIn(open(), account);
    loggedOut = other.session;
    expect((await open().json('POST', '/auth/logout', undefined, { session: other.session, csrf: other.csrf })).status).toBe(204);
    pair = await passwordGrant(lb, account);
    revokedBefore = await passwordGrant(lb, account);
    expect((await closed().form('/oauth/revoke', { token: revokedBefore.access_token, token_type_hint: 'access_token' })).status).toBe(200);
    pids = cluster.instances.map((instance) => instance.pid);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.destroy();
  }, 60_000);

  it('while Redis is down: sessions fail closed (503, never 500, never a revoked one), JWTs follow the failure mode', { timeout: 120_000 }, async () => {
    await redis.kill();
    // Both instances notice (the feed's connection closes; /readyz probes Redis).
    await eventually(async () => (await closed().get('/readyz')).status === 503 && (await open().get('/readyz')).status === 503, 10_000, 'readyz 503');
    const [before1, before2] = await Promise.all(cluster.instances.map((i) => scrapeMetrics(i.url)));

    // A few rounds over a couple of seconds: the answers hold for the whole outage, not just its start.
    for (let round = 0; round < 4; round++) {
      for (const [name, http] of [['t1 (closed)', closed()], ['t2 (open)', open()]] as const) {
        expectProblem(await http.get('/auth/session', { session }), 503, `${name} live session`);
        expectProblem(await http.get('/api/me', { session }), 503, `${name} /api/me with a session`);
        expectProblem(await http.get('/auth/session', { session: loggedOut }), 503, `${name} logged-out session`);
        expectProblem(await http.json('POST', '/auth/login', { email: account.email, password: account.password }), 503, `${name} login`);
        // The login throttle's counters are in Redis and fail closed: no unthrottled password grant.
        expect((await http.form('/oauth/token', { grant_type: 'password', username: account.email, password: account.password })).status, `${name} password grant`).toBe(503);
        // A token revoked before the outage is in both mirrors: refused locally, whatever the mode.
        expect((await bearer(http, revokedBefore.access_token)).status, `${name} revoked JWT`).toBe(401);
      }
      // closed: cannot be sure it heard every revocation, and Redis cannot answer: 503.
      const closedAnswer = await bearer(closed(), pair.access_token);
      expectProblem(closedAnswer, 503, 't1 (closed) JWT');
      expect(closedAnswer.headers.get('retry-after')).toBe('1');
      // open: answers from the mirror (documented staleness).
      const openAnswer = await bearer(open(), pair.access_token);
      expect(openAnswer.status, openAnswer.text).toBe(200);
      expect(openAnswer.body).toMatchObject({ sub: account.userId, auth: 'bearer' });
      await sleep(400);
    }

    // Through the balancer: no instance is ready, so HAProxy sends requests to the live ones and
    // each answers for itself (never HAProxy's own 503).
    const lb = new HttpClient(cluster.url);
    const seen = new Set<string | null>();
    for (let i = 0; i < 6; i++) {
      const result = await bearer(lb, pair.access_token);
      seen.add(answeredBy(result));
      expect(result.status).toBe(answeredBy(result) === 't2' ? 200 : 503);
    }
    expect(seen).toEqual(new Set(['t1', 't2']));

    // Refresh rotation lives in SQL and keeps working; its new access token follows the same rules.
    const rotated = await refresh(open(), pair.refresh_token);
    expect(rotated.status, rotated.text).toBe(200);
    expect((await bearer(open(), rotated.body.access_token)).status).toBe(200);
    pair = rotated.body as TokenPair;

    const [after1, after2] = await Promise.all(cluster.instances.map((i) => scrapeMetrics(i.url)));
    const fallbacks = (samples: Map<string, number>, outcome: string) => samples.get(`tessera_denylist_mirror_fallback_lookups_total{outcome="${outcome}"}`) ?? 0;
    expect(fallbacks(after1!, 'refused') - fallbacks(before1!, 'refused')).toBeGreaterThan(0);
    expect(fallbacks(after2!, 'mirror_open') - fallbacks(before2!, 'mirror_open')).toBeGreaterThan(0);
    expect(after1!.get('tessera_denylist_mirror_authoritative')).toBe(0);
    expect(after1!.get('tessera_revocation_feed_gaps_total')).toBeGreaterThan(0);
  });

  it('Redis back: everything recovers without restarting Tessera, and nothing revoked comes back', { timeout: 120_000 }, async () => {
    await redis.start();
    const recoveredIn = performance.now();
    await eventually(async () => (await closed().get('/readyz')).status === 200 && (await open().get('/readyz')).status === 200, 20_000, 'readyz 200');
    const readyAfterMs = performance.now() - recoveredIn;
    // The closed-mode instance answers Bearer requests again as soon as Redis does (misses are
    // asked of Redis), and stops asking once its mirror has resynchronised.
    await eventually(async () => (await bearer(closed(), pair.access_token)).status === 200, 20_000, 'closed-mode JWT accepted again');
    const mirrorLive = async (name: string) => (await scrapeMetrics(cluster.instance(name).url)).get('tessera_denylist_mirror_authoritative') === 1;
    await eventually(async () => (await mirrorLive('t1')) && (await mirrorLive('t2')), 20_000, 'both mirrors authoritative again');
    console.log(
      `\nRedis restarted: both instances ready after ${(readyAfterMs / 1000).toFixed(2)} s, both denylist mirrors live again after ${((performance.now() - recoveredIn) / 1000).toFixed(2)} s`,
    );
    expect(cluster.instances.map((instance) => instance.pid)).toEqual(pids);

    for (const http of [closed(), open()]) {
      // The AOF kept the sessions: the one made before the outage works, the logged-out one does not.
      expect((await http.get('/auth/session', { session })).status, 'session made before the outage').toBe(200);
      expect((await http.get('/auth/session', { session: loggedOut })).status, 'session logged out before the outage').toBe(401);
      expect((await bearer(http, revokedBefore.access_token)).status, 'token revoked before the outage').toBe(401);
      expect((await bearer(http, pair.access_token)).status).toBe(200);
      expect((await http.json('POST', '/auth/login', { email: account.email, password: account.password })).status).toBe(200);
    }
    // Revocations propagate again: revoked on t2, refused by t1 within milliseconds.
    const fresh = await passwordGrant(open(), account);
    expect((await bearer(closed(), fresh.access_token)).status).toBe(200);
    expect((await open().form('/oauth/revoke', { token: fresh.access_token, token_type_hint: 'access_token' })).status).toBe(200);
    await eventually(async () => (await bearer(closed(), fresh.access_token)).status === 401, 100, 'revocation on t2 refused by t1');
  });

  it('a Redis that hangs (SIGSTOP) rather than dies: bounded 503s, never a hang, and recovery on SIGCONT', { timeout: 60_000 }, async () => {
    redis.pause();
    try {
      await sleep(2_000); // past the feed's silence limit
      const started = performance.now();
      const [sessionAnswer, jwtAnswer] = await Promise.all([closed().get('/auth/session', { session }), bearer(closed(), pair.access_token)]);
      const tookMs = performance.now() - started;
      expectProblem(sessionAnswer, 503, 'session while Redis hangs');
      expectProblem(jwtAnswer, 503, 'closed-mode JWT while Redis hangs');
      expect(tookMs).toBeLessThan(5_000);
      expect((await bearer(open(), pair.access_token)).status).toBe(200);
    } finally {
      redis.resume();
    }
    await eventually(async () => (await bearer(closed(), pair.access_token)).status === 200 && (await closed().get('/auth/session', { session })).status === 200, 20_000, 'recovery after SIGCONT');
  });
});
