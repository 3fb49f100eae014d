import { access } from 'node:fs/promises';

/** Debian's binaries; override with TESSERA_REDIS_SERVER / TESSERA_REDIS_CLI. */
export const redisServerBinary = process.env.TESSERA_REDIS_SERVER ?? '/usr/bin/redis-server';
export const redisCliBinary = process.env.TESSERA_REDIS_CLI ?? '/usr/bin/redis-cli';

/** True when the redis-server binary exists (test files gate their throwaway servers on it). */
export async function redisServerInstalled(): Promise<boolean> {
  return access(redisServerBinary).then(
    () => true,
    () => false,
  );
}
