import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports/free-port.js';
import { redisInline } from '../probes/redis-inline.js';
import type { SupervisedProcess } from '../process/supervised-process.js';
import { spawnRedisServer } from './redis-server-process.js';

export interface ThrowawayRedisOptions {
  /** `appendonly yes`, `appendfsync always`: what was acknowledged survives a crash, like a production Redis with AOF. */
  persistent?: boolean;
}

export interface ThrowawayRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** SIGKILL: a crash (nothing saved unless `persistent`). Idempotent. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that hangs without closing connections (a silent network failure). */
  pause(): void;
  resume(): void;
  /** FLUSHALL on the running server: its data gone while every connection stays up. */
  flushAll(): Promise<void>;
  /** Kills it and removes its directory. Idempotent. */
  destroy(): Promise<void>;
}

/**
 * A redis-server of the caller's own on a spare port (never the shared 6379), in its own temp
 * dir: for tests that crash, pause, flush and restart Redis without disturbing anyone else.
 *
 * @example
 * const redis = await startThrowawayRedis();
 * try { … await redis.kill(); … await redis.start(); … } finally { await redis.destroy(); }
 */
export async function startThrowawayRedis(options: ThrowawayRedisOptions = {}): Promise<ThrowawayRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-redis-'));
  const args = ['--dir', dir, ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : [])];
  let child: SupervisedProcess | null = null;
  let port = 0;
  // A parallel test file may take the port between our check and the bind: try others.
  for (let attempt = 0; child === null; attempt++) {
    port = await freePort();
    try {
      child = await spawnRedisServer(port, args);
    } catch (error) {
      if (attempt >= 4) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const kill = async () => {
    const current = child;
    child = null;
    if (!current) return;
    current.signal('SIGCONT');
    await current.kill('SIGKILL');
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start: async () => {
      if (child?.running) return;
      child = await spawnRedisServer(port, args);
    },
    pause: () => child?.signal('SIGSTOP'),
    resume: () => child?.signal('SIGCONT'),
    flushAll: async () => {
      if (!(await redisInline(port, 'FLUSHALL')).startsWith('+OK')) throw new Error(`FLUSHALL on ${port} failed`);
    },
    destroy: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
