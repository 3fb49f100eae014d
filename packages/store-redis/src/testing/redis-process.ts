import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';

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

// Every process started here dies with the test process, even when a test file crashes
// before its teardown runs.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `redis-server` with the given arguments; resolves once it answers PING. */
export async function spawnRedisServer(port: number, args: string[], timeoutMs = 10_000): Promise<ChildProcess> {
  const child = spawn(redisServerBinary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server on port ${port} exited at start (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
    }
    if ((await sendInline(port, 'PING').catch(() => '')).startsWith('+PONG')) return child;
    await sleep(25);
  }
  await killProcess(child);
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/** SIGKILL (no persistence to wait for) and wait until the process is gone. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/**
 * A port that is free now, with `port + 10000` free too (a cluster node's bus port), picked at
 * random in 20000–29999 so parallel test files rarely collide; callers retry when they do.
 */
export async function findSparePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) return port;
  }
  throw new Error('no spare port found');
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Sends one inline command and returns the first reply chunk (enough for PING and status replies). */
export function sendInline(port: number, command: string, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('timeout'));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString());
    });
    socket.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
