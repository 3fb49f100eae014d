import { access } from 'node:fs/promises';
import { canConnect } from '../probes/tcp-probe.js';

/**
 * Backing services some suites need. A suite whose service is unreachable is skipped with a loud
 * warning on a developer machine, and fails when the service is required: `CI=true` or
 * `TESSERA_REQUIRE_SERVICES=postgres,redis,chromium` (or `all`). `.ci/run` sets it, so CI never
 * skips silently.
 */
export type ServiceName = 'postgres' | 'redis' | 'chromium';

export const testPostgresUrl = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a missing service (or program, e.g. `haproxy`) fails the run rather than skipping its suites. */
export function isServiceRequired(name: string): boolean {
  if (process.env.CI === 'true') return true;
  const required = (process.env.TESSERA_REQUIRE_SERVICES ?? '').split(',').map((s) => s.trim());
  return required.includes('all') || required.includes(name);
}

function hostPort(url: string, defaultPort: number): [string, number] {
  const parsed = new URL(url);
  return [parsed.hostname || '127.0.0.1', parsed.port ? Number(parsed.port) : defaultPort];
}

const probes: Record<ServiceName, () => Promise<boolean>> = {
  postgres: () => canConnect(...hostPort(testPostgresUrl, 5432)),
  redis: () => canConnect(...hostPort(testRedisUrl, 6379)),
  chromium: () =>
    access(process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium').then(
      () => true,
      () => false,
    ),
};

/**
 * Use at the top of a test file: `const hasPg = await serviceAvailable('postgres');` then
 * `describe.runIf(hasPg)(…)`. Throws (failing the file) when the service is required but missing.
 */
export async function serviceAvailable(name: ServiceName): Promise<boolean> {
  const ok = await probes[name]();
  if (ok) return true;
  if (isServiceRequired(name)) {
    throw new Error(`${name} is required (CI=true or TESSERA_REQUIRE_SERVICES) but is not reachable`);
  }
  console.warn(`\n!!! SKIPPED: ${name} is not reachable, so its suites are skipped. Start it, or run .ci/run, to run them. !!!\n`);
  return false;
}

/**
 * A program some suites drive (haproxy, redis-server, the PostgreSQL server binaries): true when
 * `present`; otherwise a loud skip, or a failure when `CI=true` or `TESSERA_REQUIRE_SERVICES`
 * names it (or `all`).
 */
export function toolAvailable(name: string, present: boolean, howToInstall: string): boolean {
  if (present) return true;
  if (isServiceRequired(name)) {
    throw new Error(`${name} is required (CI=true or TESSERA_REQUIRE_SERVICES) but is not installed (${howToInstall})`);
  }
  console.warn(`\n!!! SKIPPED: ${name} is not installed, so the suites that need it are skipped (${howToInstall}). !!!\n`);
  return false;
}
