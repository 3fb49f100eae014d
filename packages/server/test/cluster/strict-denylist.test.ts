import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordGrant, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { clusterPrerequisites, scrapeMetrics, startTestCluster, type Cluster } from './support/cluster-harness.js';

/**
 * `TESSERA_DENYLIST_MIRROR_MAX_ENTRIES=0`: no per-instance mirror, every Bearer request reads the
 * denylist in Redis. The price is a round trip per request; the gain is strictness: a token
 * revoked on one instance is refused by every other instance on the very next request, always
 * (with the mirror that holds within milliseconds, see through-the-balancer.test.ts).
 */
const ready = await clusterPrerequisites();

describe.runIf(ready)('two instances without the denylist mirror', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startTestCluster({ instances: 2, env: { TESSERA_DENYLIST_MIRROR_MAX_ENTRIES: '0' } });
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const on = (name: string) => new HttpClient(cluster.instance(name).url);
  const meStatus = async (name: string, token: string) => (await on(name).get('/api/me', { headers: { authorization: `Bearer ${token}` } })).status;

  it('a revocation on one instance is refused by the other on the very next request, every time (50 runs)', { timeout: 120_000 }, async () => {
    const account = await signUp(on('t1'));
    for (let run = 0; run < 50; run++) {
      const [revoker, other] = run % 2 === 0 ? ['t1', 't2'] : ['t2', 't1'];
      const pair = await passwordGrant(on(revoker), account);
      expect(await meStatus(other, pair.access_token)).toBe(200);
      expect((await on(revoker).form('/oauth/revoke', { token: pair.access_token, token_type_hint: 'access_token' })).status).toBe(200);
      expect(await meStatus(other, pair.access_token), `run ${run}`).toBe(401);
    }
    const metrics = await scrapeMetrics(cluster.instance('t1').url);
    expect(metrics.has('tessera_denylist_mirror_entries')).toBe(false);
  });
});
