import {
  balancerHeaderLimitBytes,
  findHaproxy,
  instanceHeader,
  serviceAvailable,
  startCluster,
  toolAvailable,
  waitUntil,
  type Cluster,
  type ClusterOptions,
} from '@tessera/testing';
import type { E2ETarget } from '../../e2e/support/e2e-target.js';
import type { HttpResult } from '../../e2e/support/http-client.js';
import type { TestClient } from '../../support/start-server.js';

export type { Cluster, ClusterInstance } from '@tessera/testing';

/**
 * HAProxy present? Like `serviceAvailable`: a loud skip on a developer machine, a failure when
 * `CI=true` or `TESSERA_REQUIRE_SERVICES` names `haproxy` (or `all`). `.ci/run` installs it.
 */
export function haproxyAvailable(): boolean {
  return toolAvailable('haproxy', findHaproxy() !== null, 'apt-get install haproxy, or run .ci/run');
}

/** PostgreSQL, Redis and HAProxy: what every cluster suite needs. Checks all three, so each missing one is named. */
export async function clusterPrerequisites(): Promise<boolean> {
  const postgres = await serviceAvailable('postgres');
  const redis = await serviceAvailable('redis');
  const haproxy = haproxyAvailable();
  return postgres && redis && haproxy;
}

/**
 * Cheap Argon2 (these suites log in thousands of times on two cores; the parameters are not what
 * they test) and a 1 s refresh grace window (the reuse tests wait past it).
 */
export const clusterTestEnv: Record<string, string> = {
  TESSERA_ARGON2_MEMORY_KIB: '1024',
  TESSERA_ARGON2_TIME_COST: '1',
  TESSERA_REFRESH_GRACE_SECONDS: '1',
  // The suites sign up many accounts through one balancer address.
  TESSERA_SIGNUPS_PER_IP_PER_HOUR: '1000000',
  TESSERA_SIGNUPS_PER_HOUR: '100000000',
};

/** `startCluster` from source (no build step), 3 instances unless told otherwise. */
export function startTestCluster(options: ClusterOptions = {}): Promise<Cluster> {
  return startCluster({ instances: 3, entry: 'source', ...options, env: { ...clusterTestEnv, ...options.env } });
}

/** Registers the end-to-end suites' confidential client with `tessera clients add` against the cluster's database. */
export async function registerTestClient(cluster: Cluster): Promise<TestClient> {
  const client = { id: 'e2e-service', audience: 'https://orders.example.test', scope: 'orders:read orders:write' };
  const output = await cluster.cli(['clients', 'add', '--id', client.id, '--name', 'E2E service', '--type', 'confidential', '--grant', 'client_credentials', '--scope', client.scope, '--audience', client.audience, '--audience', cluster.url, '--introspect']);
  const { client_secret: secret } = JSON.parse(output) as { client_secret: string };
  return { ...client, secret };
}

/** The end-to-end suites' target: the balancer. */
export function balancerTarget(cluster: Cluster, client: TestClient): E2ETarget {
  return {
    baseUrl: cluster.url,
    client,
    refreshGraceSeconds: Number(clusterTestEnv.TESSERA_REFRESH_GRACE_SECONDS),
    proxyHeaderLimitBytes: balancerHeaderLimitBytes,
    instanceUrl: cluster.instances[0]!.url,
  };
}

/** Which instance answered (its X-Tessera-Instance), or null (HAProxy itself, or no answer). */
export function answeredBy(result: HttpResult | Response): string | null {
  return result.headers.get(instanceHeader);
}

/** `tessera_…` sample values of an instance's /metrics, by full series name (labels included). */
export async function scrapeMetrics(instanceUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${instanceUrl}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('tessera_')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Polls `check` every 50 ms until it resolves true (a check that throws counts as false). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  await waitUntil(() => check().catch(() => false), { timeoutMs, intervalMs: 50, failure: () => `${what} did not hold within ${timeoutMs} ms` });
}
