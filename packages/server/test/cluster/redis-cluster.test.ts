import { redisServerInstalled, startRedisCluster, toolAvailable, type RedisClusterHandle } from '@tessera/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { answeredBy, clusterPrerequisites, eventually, scrapeMetrics, startTestCluster, type Cluster } from './support/cluster-harness.js';

/**
 * The same composition on a Redis Cluster: REDIS_URL is a comma list of the nodes of a local
 * 3-master cluster (the store package's harness). Sessions, the login throttle's counters, the
 * denylist and the revocation channel (with the mirror's heartbeats) all work across slots.
 */
const ready = (await clusterPrerequisites()) && toolAvailable('redis-server', await redisServerInstalled(), 'apt-get install redis-server');

describe.runIf(ready)('two instances on a 3-master Redis Cluster', () => {
  let redis: RedisClusterHandle;
  let cluster: Cluster;

  beforeAll(async () => {
    redis = await startRedisCluster({ masters: 3 });
    expect(redis.url).toContain(',');
    cluster = await startTestCluster({ instances: 2, redisUrl: redis.url });
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  }, 60_000);

  const on = (name: string) => new HttpClient(cluster.instance(name).url);
  const bearer = (http: HttpClient, token: string) => http.get('/api/me', { headers: { authorization: `Bearer ${token}` } });

  it('both mirrors are live (their heartbeats come back through the cluster bus)', async () => {
    for (const instance of cluster.instances) {
      await eventually(async () => (await scrapeMetrics(instance.url)).get('tessera_denylist_mirror_authoritative') === 1, 15_000, `${instance.name} mirror live`);
    }
  });

  it('sessions, logout, revocation and the throttle hold across instances', async () => {
    const lb = new HttpClient(cluster.url);
    const account = await signUp(lb);
    const { session, csrf } = await logIn(on('t1'), account);
    const seen = new Set<string | null>();
    for (let i = 0; i < 4; i++) {
      const result = await lb.get('/auth/session', { session });
      expect(result.status).toBe(200);
      seen.add(answeredBy(result));
    }
    expect(seen).toEqual(new Set(['t1', 't2']));
    expect((await on('t2').json('POST', '/auth/logout', undefined, { session, csrf })).status).toBe(204);
    expect((await on('t1').get('/auth/session', { session })).status).toBe(401);

    const pair = await passwordGrant(on('t1'), account);
    expect((await bearer(on('t2'), pair.access_token)).status).toBe(200);
    expect((await on('t1').form('/oauth/revoke', { token: pair.refresh_token })).status).toBe(200);
    expect((await bearer(on('t2'), pair.access_token)).status).toBe(401);

    for (let i = 0; i < 5; i++) expect((await on(`t${(i % 2) + 1}`).json('POST', '/auth/login', { email: account.email, password: 'not it at all' })).status).toBe(401);
    expect((await on('t2').json('POST', '/auth/login', { email: account.email, password: account.password })).status).toBe(429);
  });
});
