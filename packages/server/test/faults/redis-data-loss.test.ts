import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordGrant, signUp, type Credentials, type TokenPair } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { redisServerInstalled, startThrowawayRedis, toolAvailable, type ThrowawayRedis } from '@tessera/testing';
import { clusterPrerequisites, eventually, startTestCluster, type Cluster } from '../cluster/support/cluster-harness.js';

/**
 * Audit finding 15: the durable revocation log (PostgreSQL) is the source of truth for the
 * access-token denylist. A Redis that comes back without its data (a restart without
 * persistence, a FLUSHDB) is re-seeded from the log's unexpired events before any instance
 * answers a Bearer request from it. Redis here is a throwaway server without persistence on a
 * spare port, never the shared 6379.
 */
const ready = (await clusterPrerequisites()) && toolAvailable('redis-server', await redisServerInstalled(), 'apt-get install redis-server');

const bearerStatus = async (url: string, token: string) => (await new HttpClient(url).get('/api/me', { headers: { authorization: `Bearer ${token}` } })).status;

/** One token revoked by `jti` (access token), one by its refresh family (refresh token), one left alone. */
async function revokeTwo(http: HttpClient, account: Credentials): Promise<{ byJti: TokenPair; byFamily: TokenPair; live: TokenPair }> {
  const byJti = await passwordGrant(http, account);
  const byFamily = await passwordGrant(http, account);
  const live = await passwordGrant(http, account);
  expect((await http.form('/oauth/revoke', { token: byJti.access_token, token_type_hint: 'access_token' })).status).toBe(200);
  expect((await http.form('/oauth/revoke', { token: byFamily.refresh_token, token_type_hint: 'refresh_token' })).status).toBe(200);
  return { byJti, byFamily, live };
}

async function expectRefusedEverywhere(cluster: Cluster, tokens: { byJti: TokenPair; byFamily: TokenPair; live: TokenPair }, context: string): Promise<void> {
  for (const instance of cluster.instances) {
    expect(await bearerStatus(instance.url, tokens.byJti.access_token), `${context}: ${instance.name}, revoked by jti`).toBe(401);
    expect(await bearerStatus(instance.url, tokens.byFamily.access_token), `${context}: ${instance.name}, revoked by family`).toBe(401);
    expect(await bearerStatus(instance.url, tokens.live.access_token), `${context}: ${instance.name}, never revoked`).toBe(200);
  }
}

const allReady = (cluster: Cluster) => async () => (await Promise.all(cluster.instances.map(async (i) => (await new HttpClient(i.url).get('/readyz')).status === 200))).every(Boolean);

describe.runIf(ready)('audit finding 15: a revoked access token comes back after Redis loses its data', () => {
  describe('with the denylist mirror (default), three instances restarted after Redis came back empty', () => {
    let redis: ThrowawayRedis;
    let cluster: Cluster;

    beforeAll(async () => {
      redis = await startThrowawayRedis({ persistent: false });
      cluster = await startTestCluster({ instances: 3, redisUrl: redis.url });
    }, 240_000);
    afterAll(async () => {
      await cluster?.stop();
      await redis?.destroy();
    }, 60_000);

    it('revoked tokens stay refused on every instance, Redis emptied and every instance restarted', { timeout: 240_000 }, async () => {
      const lb = new HttpClient(cluster.url);
      const account = await signUp(lb);
      const tokens = await revokeTwo(new HttpClient(cluster.instance('t1').url), account);
      await expectRefusedEverywhere(cluster, tokens, 'before the data loss');

      await redis.kill();
      await redis.start(); // empty: no AOF, no RDB
      await eventually(allReady(cluster), 20_000, 'every instance ready again');
      await expectRefusedEverywhere(cluster, tokens, 'Redis empty, instances not restarted');

      for (const instance of cluster.instances) {
        await instance.stop();
        await instance.restart();
      }
      await expectRefusedEverywhere(cluster, tokens, 'Redis empty, every instance restarted');

      // Emptied again under running, freshly started instances (FLUSHALL: the connection stays up).
      await redis.flushAll();
      for (const instance of cluster.instances) {
        await instance.stop();
        await instance.restart();
      }
      await expectRefusedEverywhere(cluster, tokens, 'FLUSHALL, every instance restarted');
    });
  });

  describe('strict mode (TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0), no instance restarted', () => {
    let redis: ThrowawayRedis;
    let cluster: Cluster;

    beforeAll(async () => {
      redis = await startThrowawayRedis({ persistent: false });
      cluster = await startTestCluster({ instances: 2, redisUrl: redis.url, env: { TESSERA_DENYLIST_MIRROR_MAX_ENTRIES: '0' } });
    }, 240_000);
    afterAll(async () => {
      await cluster?.stop();
      await redis?.destroy();
    }, 60_000);

    /** Polls for `durationMs`: a revoked token must never be accepted, not even once. */
    async function neverAccepted(tokens: { byJti: TokenPair; byFamily: TokenPair }, durationMs: number, context: string): Promise<void> {
      const deadline = Date.now() + durationMs;
      while (Date.now() < deadline) {
        for (const instance of cluster.instances) {
          for (const [what, pair] of [['jti', tokens.byJti], ['family', tokens.byFamily]] as const) {
            const status = await bearerStatus(instance.url, pair.access_token);
            // 503 while Redis is down or the denylist is being rebuilt; never 200.
            expect([401, 503], `${context}: ${instance.name}, revoked by ${what}`).toContain(status);
          }
        }
        await sleep(50);
      }
    }

    it('a revoked token is never accepted once Redis comes back empty, restarted or flushed (FLUSHALL)', { timeout: 120_000 }, async () => {
      const account = await signUp(new HttpClient(cluster.url));
      const tokens = await revokeTwo(new HttpClient(cluster.instance('t1').url), account);
      await expectRefusedEverywhere(cluster, tokens, 'before the data loss');

      await redis.kill();
      await redis.start();
      await neverAccepted(tokens, 4_000, 'Redis restarted empty');
      await eventually(allReady(cluster), 20_000, 'every instance ready again');
      await expectRefusedEverywhere(cluster, tokens, 'Redis restarted empty');

      await redis.flushAll();
      await neverAccepted(tokens, 2_000, 'FLUSHALL');
      await expectRefusedEverywhere(cluster, tokens, 'FLUSHALL');
    });
  });
});
