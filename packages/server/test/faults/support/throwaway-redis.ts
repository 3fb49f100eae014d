import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Socket } from 'node:net';
import { freePort } from '../../support/free-port.js';

const redisServer = process.env.TESSERA_REDIS_SERVER ?? '/usr/bin/redis-server';

export function redisServerInstalled(): Promise<boolean> {
  return access(redisServer).then(
    () => true,
    () => false,
  );
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface FaultRedis {
  port: number;
  url: string;
  /** SIGKILL: a crash. With `persistent`, what was acknowledged survives (AOF, fsync always). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that hangs without closing connections (a silent network failure). */
  pause(): void;
  resume(): void;
  /** FLUSHALL on the running server: its data gone while every connection stays up. */
  flushAll(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A redis-server of the fault tests' own on a spare port (never the shared 6379), optionally
 * persistent (`appendonly yes`, `appendfsync always`), so a crash and a restart behave like a
 * production Redis with AOF: sessions survive the outage.
 */
export async function startFaultRedis(options: { persistent?: boolean } = {}): Promise<FaultRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-fault-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  let child: ChildProcess | null = null;
  const start = async () => {
    if (child) return;
    const started = spawn(redisServer, args, { stdio: 'ignore' });
    running.add(started);
    started.once('exit', () => {
      running.delete(started);
      if (child === started) child = null;
    });
    child = started;
    const deadline = Date.now() + 10_000;
    while (!(await pong(port))) {
      if (child !== started) throw new Error(`redis-server on ${port} exited at start`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer PING`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const kill = async () => {
    const current = child;
    if (!current) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGCONT');
    current.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    flushAll: async () => {
      if (!(await command(port, 'FLUSHALL')).startsWith('+OK')) throw new Error(`FLUSHALL on ${port} failed`);
    },
    destroy: async () => {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function pong(port: number): Promise<boolean> {
  return (await command(port, 'PING')).startsWith('+PONG');
}

/** One inline command on a fresh connection; its first reply chunk, or '' on any failure. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (reply: string) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(500, () => done(''));
    socket.once('error', () => done(''));
    socket.connect(port, '127.0.0.1', () => socket.write(`${line}\r\n`));
    socket.once('data', (chunk) => done(chunk.toString()));
  });
}
