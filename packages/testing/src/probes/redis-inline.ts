import { Socket } from 'node:net';

/**
 * Sends one inline command (`PING`, `FLUSHALL`) to 127.0.0.1:port on a fresh connection and
 * resolves with the first reply chunk (enough for status replies), or '' on any failure.
 */
export function redisInline(port: number, command: string, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (reply: string) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(timeoutMs, () => done(''));
    socket.once('error', () => done(''));
    socket.once('data', (chunk) => done(chunk.toString()));
    socket.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
  });
}

/** True when the Redis on 127.0.0.1:port answers PING. */
export async function redisAnswersPing(port: number): Promise<boolean> {
  return (await redisInline(port, 'PING')).startsWith('+PONG');
}
