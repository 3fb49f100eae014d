import { Socket } from 'node:net';

/**
 * Backing services some suites need. A suite whose service is unreachable is skipped with a loud
 * warning on a developer machine, and fails when the service is required: `CI=true` or
 * `TESSERA_REQUIRE_SERVICES=postgres,redis,chromium` (or `all`). `.ci/run` sets it, so CI never
 * skips silently.
 */
export type ServiceName = 'postgres' | 'redis' | 'chromium';

export const testPostgresUrl = process.env.TESSERA_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env.TESSERA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function isServiceRequired(name: ServiceName): boolean {
  if (process.env.CI === 'true') return true;
  const required = (process.env.TESSERA_REQUIRE_SERVICES ?? '').split(',').map((s) => s.trim());
  return required.includes('all') || required.includes(name);
}

/** Resolves true when a TCP connection to host:port opens within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

function hostPort(url: string, defaultPort: number): [string, number] {
  const parsed = new URL(url);
  return [parsed.hostname || '127.0.0.1', parsed.port ? Number(parsed.port) : defaultPort];
}

const probes: Record<ServiceName, () => Promise<boolean>> = {
  postgres: () => canConnect(...hostPort(testPostgresUrl, 5432)),
  redis: () => canConnect(...hostPort(testRedisUrl, 6379)),
  chromium: async () => {
    const { access } = await import('node:fs/promises');
    return access(process.env.TESSERA_CHROMIUM ?? '/usr/bin/chromium').then(
      () => true,
      () => false,
    );
  },
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
