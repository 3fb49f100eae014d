import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, passwordGrant, refresh, signUp, signUpAndLogIn } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { describeApiMeE2E } from '../e2e/suites/api-me-suite.js';
import { describeBadInputE2E } from '../e2e/suites/bad-input-suite.js';
import { describeCsrfE2E } from '../e2e/suites/csrf-suite.js';
import { describeMetadataE2E } from '../e2e/suites/metadata-suite.js';
import { describeSessionsE2E } from '../e2e/suites/sessions-suite.js';
import { describeTokensE2E } from '../e2e/suites/tokens-suite.js';
import type { TestClient } from '../support/start-server.js';
import {
  answeredBy,
  balancerTarget,
  clusterPrerequisites,
  clusterTestEnv,
  percentile,
  registerTestClient,
  scrapeMetrics,
  startTestCluster,
  type Cluster,
} from './support/cluster-harness.js';

/**
 * Issue 3: three real `tessera serve` processes sharing PostgreSQL and Redis behind HAProxy
 * (round robin, no stickiness). The foundation's end-to-end suites run through the balancer;
 * then the cross-instance facts, with requests sent to chosen instances directly.
 */
const ready = await clusterPrerequisites();

describe.runIf(ready)('three instances behind HAProxy', () => {
  let cluster: Cluster;
  let client: TestClient;

  beforeAll(async () => {
    cluster = await startTestCluster({ instances: 3 });
    client = await registerTestClient(cluster);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const lb = () => new HttpClient(cluster.url);
  const on = (name: string) => new HttpClient(cluster.instance(name).url);
  const meStatus = async (http: HttpClient, accessToken: string) => (await http.get('/api/me', { headers: { authorization: `Bearer ${accessToken}` } })).status;

  describe('round robin, no stickiness', () => {
    it('consecutive requests land on different instances, with or without a session cookie', async () => {
      const plain: (string | null)[] = [];
      for (let i = 0; i < 9; i++) plain.push(answeredBy(await lb().get('/readyz')));
      expect(new Set(plain)).toEqual(new Set(['t1', 't2', 't3']));
      for (let i = 1; i < plain.length; i++) expect(plain[i], `request ${i}: ${plain.join(' ')}`).not.toBe(plain[i - 1]);

      const user = await signUpAndLogIn(lb());
      const withCookie: (string | null)[] = [];
      for (let i = 0; i < 6; i++) {
        const result = await lb().get('/auth/session', { session: user.session });
        expect(result.status).toBe(200);
        withCookie.push(answeredBy(result));
      }
      expect(new Set(withCookie)).toEqual(new Set(['t1', 't2', 't3']));
    });
  });

  describe('the foundation end-to-end suites, through the balancer', () => {
    const getTarget = () => balancerTarget(cluster, client);
    describeSessionsE2E(getTarget);
    describeCsrfE2E(getTarget);
    describeTokensE2E(getTarget);
    describeApiMeE2E(getTarget);
    describeMetadataE2E(getTarget);
    describeBadInputE2E(getTarget);
  });

  describe('cross-instance facts', () => {
    it('a session made on A works on B and C', async () => {
      const account = await signUp(on('t1'));
      const { session } = await logIn(on('t1'), account);
      for (const name of ['t2', 't3']) {
        const result = await on(name).get('/auth/session', { session });
        expect(result.status, name).toBe(200);
        expect(answeredBy(result)).toBe(name);
        expect(result.body.user.id).toBe(account.userId);
      }
    });

    it('a logout on B is refused on A and C on the very next request (cookie and the session\'s device list)', async () => {
      const account = await signUp(on('t1'));
      const { session, csrf } = await logIn(on('t1'), account);
      const other = await logIn(on('t3'), account);
      expect((await on('t2').json('POST', '/auth/logout', undefined, { session, csrf })).status).toBe(204);
      expect((await on('t1').get('/auth/session', { session })).status).toBe(401);
      expect((await on('t3').get('/auth/session', { session })).status).toBe(401);
      expect((await on('t3').get('/api/me', { session })).status).toBe(401);
      const listed = await on('t1').get('/auth/sessions', { session: other.session });
      expect(listed.body.sessions).toHaveLength(1);
    });

    it('"sign out everywhere else" on C ends the sessions made on A and B at once', async () => {
      const account = await signUp(on('t1'));
      const onA = await logIn(on('t1'), account);
      const onB = await logIn(on('t2'), account);
      const onC = await logIn(on('t3'), account);
      expect((await on('t3').json('DELETE', '/auth/sessions', undefined, { session: onC.session, csrf: onC.csrf })).status).toBe(204);
      for (const name of ['t1', 't2', 't3']) {
        expect((await on(name).get('/auth/session', { session: onA.session })).status).toBe(401);
        expect((await on(name).get('/auth/session', { session: onB.session })).status).toBe(401);
        expect((await on(name).get('/auth/session', { session: onC.session })).status).toBe(200);
      }
    });

    it('a refresh family rotated on A and replayed on C after the grace window is detected: the family dies everywhere at once', async () => {
      const account = await signUp(on('t1'));
      const first = await passwordGrant(on('t1'), account);
      const rotated = await refresh(on('t1'), first.refresh_token);
      expect(rotated.status).toBe(200);
      await sleep(Number(clusterTestEnv.TESSERA_REFRESH_GRACE_SECONDS) * 1000 + 500);
      const replay = await refresh(on('t3'), first.refresh_token);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      // The legitimate successor is dead too, and every access token of the family, on every instance.
      expect((await refresh(on('t2'), rotated.body.refresh_token)).body.error).toBe('invalid_grant');
      for (const name of ['t1', 't2', 't3']) {
        expect(await meStatus(on(name), rotated.body.access_token), name).toBe(401);
        expect(await meStatus(on(name), first.access_token), name).toBe(401);
      }
    });

    it('within the grace window, A and B rotating the same token at the same moment both get the one successor', async () => {
      const account = await signUp(on('t1'));
      const pair = await passwordGrant(on('t1'), account);
      const [a, b] = await Promise.all([refresh(on('t1'), pair.refresh_token), refresh(on('t2'), pair.refresh_token)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body.refresh_token).toBe(b.body.refresh_token);
      expect((await refresh(on('t3'), a.body.refresh_token)).status).toBe(200);
    });

    it('the login throttle counts across instances (shared Redis counters): failures spread over A, B and C add up', async () => {
      const account = await signUp(on('t1'));
      for (let i = 0; i < 5; i++) {
        const wrong = await on(`t${(i % 3) + 1}`).json('POST', '/auth/login', { email: account.email, password: 'wrong password!' });
        expect(wrong.status).toBe(401);
      }
      const blocked = await on('t2').json('POST', '/auth/login', { email: account.email, password: account.password });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    });
  });

  describe('revocation propagation', () => {
    it('a revocation on one instance reaches the other instances\' denylist mirrors in well under 100 ms (50 runs)', { timeout: 180_000 }, async () => {
      const account = await signUp(lb());
      const names = ['t1', 't2', 't3'];
      const internalLagsMs: number[] = [];
      const refusedWithinMs: number[] = [];
      const revokeAnsweredMs: number[] = [];
      const runs = 50;
      const slipped: string[] = [];
      const afterAnswerMs: number[] = [];
      for (let run = 0; run < runs; run++) {
        const revoker = names[run % 3]!;
        const others = names.filter((name) => name !== revoker);
        const pair = await passwordGrant(on(revoker), account);
        for (const name of others) expect(await meStatus(on(name), pair.access_token)).toBe(200);
        const before = await Promise.all(others.map((name) => scrapeMetrics(cluster.instance(name).url)));

        const started = performance.now();
        // Each other instance is polled back to back from the moment the revocation is sent;
        // a refusal counts at the moment its answer arrived (an upper bound).
        const refusals = others.map(async (name) => {
          for (;;) if ((await meStatus(on(name), pair.access_token)) === 401) return performance.now() - started;
        });
        const revoked = await on(revoker).form('/oauth/revoke', { token: pair.access_token, token_type_hint: 'access_token' });
        revokeAnsweredMs.push(performance.now() - started);
        expect(revoked.status).toBe(200);
        // The very next request on each other instance is almost always refused already (the
        // revoke answers after its event came back through Redis); it can overtake the event in
        // flight on an overloaded machine, which is counted, and it is refused within 100 ms.
        for (const name of others) if ((await meStatus(on(name), pair.access_token)) !== 401) slipped.push(`run ${run}: ${name} after ${revoker}'s revoke`);
        const refusedBy = Math.max(...(await Promise.all(refusals)));
        refusedWithinMs.push(refusedBy);
        afterAnswerMs.push(Math.max(0, refusedBy - revokeAnsweredMs.at(-1)!));

        const after = await Promise.all(others.map((name) => scrapeMetrics(cluster.instance(name).url)));
        others.forEach((name, i) => {
          const count = (after[i]!.get('tessera_revocation_propagation_seconds_count') ?? 0) - (before[i]!.get('tessera_revocation_propagation_seconds_count') ?? 0);
          const sum = (after[i]!.get('tessera_revocation_propagation_seconds_sum') ?? 0) - (before[i]!.get('tessera_revocation_propagation_seconds_sum') ?? 0);
          expect(count, `${name}: one event applied in run ${run}`).toBe(1);
          internalLagsMs.push(sum * 1000);
        });
      }
      const echoMissed = (await Promise.all(names.map((name) => scrapeMetrics(cluster.instance(name).url)))).reduce((sum, m) => sum + (m.get('tessera_revocation_echo_missed_total') ?? 0), 0);
      const summary = (values: number[]) => `median ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms`;
      console.log(
        [
          `\nrevocation propagation, 3 instances behind HAProxy, single Redis, ${runs} runs (each revocation observed on the 2 other instances):`,
          `  event timestamp on the revoking instance -> applied in another instance's mirror (${internalLagsMs.length} samples): ${summary(internalLagsMs)}`,
          `  revoke request sent -> refused on both other instances (back-to-back polling, upper bound): ${summary(refusedWithinMs)}`,
          `  revoke answered -> refused on both other instances: ${summary(afterAnswerMs)}; very next request accepted in ${slipped.length} of ${runs * 2} checks ${JSON.stringify(slipped)}`,
          `  revoke request sent -> its 200 answer: ${summary(revokeAnsweredMs)}`,
          `  revocations answered before hearing their own event back (1 s bound): ${echoMissed}`,
        ].join('\n'),
      );
      // The bound. Under the whole suite on two cores the median stays far below it; the
      // printed p99 is what docs/benchmarks.md records.
      expect(percentile(internalLagsMs, 50)).toBeLessThan(100);
      // Every instance refuses the token within 100 ms of the revocation's answer, in every run.
      expect(Math.max(...afterAnswerMs)).toBeLessThan(100);
    });
  });
});
