import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSparePort, killProcess, spawnRedisServer } from './redis-process.js';

export interface ThrowawayRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Kills the server (like a crash: SIGKILL, nothing saved). Idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  start(): Promise<void>;
  /** Stops it and removes its directory. Idempotent. */
  destroy(): Promise<void>;
}

/**
 * A throwaway single `redis-server` on a spare port, no persistence, its own temp dir: for fault
 * tests that stop and restart Redis without disturbing the shared one.
 *
 * @example
 * const redis = await startThrowawayRedis();
 * try { … await redis.stop(); … await redis.start(); … } finally { await redis.destroy(); }
 */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  for (let attempt = 0; child === null; attempt++) {
    port = await findSparePort();
    try {
      child = await spawnRedisServer(port, ['--dir', dir]);
    } catch (error) {
      if (attempt >= 4) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const handle: ThrowawayRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child) await killProcess(child);
      child = null;
    },
    start: async () => {
      if (child) return;
      child = await spawnRedisServer(port, ['--dir', dir]);
    },
    destroy: async () => {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
