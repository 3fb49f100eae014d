import { createHash } from 'node:crypto';
import type { RedisClient } from './create-redis-client.js';

/**
 * A server-side script run by SHA (EVALSHA), loading itself on NOSCRIPT. Every script here
 * touches exactly one key, so it runs on that key's node in a Cluster.
 */
export class LuaScript {
  readonly #sha: string;

  constructor(readonly source: string) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, key: string, ...args: (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.#sha, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, 1, key, ...args);
    }
  }
}
