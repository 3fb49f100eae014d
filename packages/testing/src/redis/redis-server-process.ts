import { redisAnswersPing } from '../probes/redis-inline.js';
import { superviseProcess, type SupervisedProcess } from '../process/supervised-process.js';
import { redisServerBinary } from './redis-binaries.js';

/**
 * Starts `redis-server` on 127.0.0.1:port (no RDB snapshots; AOF off unless `args` turn it on)
 * and resolves once it answers PING.
 */
export async function spawnRedisServer(port: number, args: readonly string[], timeoutMs = 10_000): Promise<SupervisedProcess> {
  const appendOnly = args.includes('--appendonly') ? [] : ['--appendonly', 'no'];
  const child = superviseProcess({
    name: `redis-server on port ${port}`,
    command: redisServerBinary,
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...appendOnly, ...args],
    keepChars: 10_000,
  });
  try {
    await child.waitUntilReady(() => redisAnswersPing(port), timeoutMs, 'answering PING');
    return child;
  } catch (error) {
    await child.kill();
    throw error;
  }
}
