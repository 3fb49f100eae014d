/**
 * The access-token denylist in Redis, single node or Cluster.
 *
 * Key layout (P = prefix): `P deny:jti:<jti>` and `P deny:sid:<sid>`, each a string holding the
 * entry's `expiresAt` and expiring at it (PEXPIREAT), so Redis forgets an entry exactly when the
 * last token it covers has expired. Adding an entry again only ever extends it.
 *
 * `isDenied` is one round trip. On a single node it is one MGET of both keys. In a Cluster the
 * two keys are independent entries in (usually) different slots, so no hash tag can co-locate
 * them and a multi-key command would fail with CROSSSLOT; the two GETs are sent at once instead,
 * each to its own master, and awaited together: still one round trip of latency. GET rather
 * than EXISTS, because the stored `expiresAt` is compared with the caller's `now`, exactly like
 * the reference store, whatever the skew between Redis's clock and ours.
 *
 * `listActive` SCANs every master (one in single-node mode) with a pattern matching only this
 * prefix's denylist keys, then reads the values in pipelines on the node that holds them.
 */
import type { DenylistEntry, DenylistStore } from '@tessera/core';
import { Cluster, type Redis } from 'ioredis';
import type { KeySpace } from './key-space.js';
import { LuaScript } from './lua-script.js';
import type { RedisGuard } from './redis-guard.js';

/** Stores `expiresAt` unless a later one is already stored. */
const denyAdd = new LuaScript(`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
return 1`);

/**
 * 1 when the seed in progress is still `ARGV[1]`. The token is left in place after a seed
 * completes: several seeders that joined one token may complete at once, and deleting it would
 * make the others' second check fail and take the sentinel down again.
 */
const seedHeld = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return 1`);

/** What `check` found: the token is denied, it is not, or Redis has no seeded denylist to ask. */
export type DenylistVerdict = 'denied' | 'allowed' | 'unseeded';

/** SCAN batch size and the matching GET pipeline size. */
const scanCount = 500;

export class RedisDenylistStore implements DenylistStore {
  constructor(
    private readonly guard: RedisGuard,
    private readonly keys: KeySpace,
    /** Bound for `listActive`, which reads the whole denylist (it runs at start, not per request). */
    private readonly listTimeoutMs = 30_000,
  ) {}

  async add(entry: DenylistEntry): Promise<void> {
    await this.guard.run(() => denyAdd.run(this.guard.client, this.keys.denied(entry.kind, entry.value), entry.expiresAt));
  }

  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    const keys = [this.keys.denied('jti', jti)];
    if (sid !== undefined) keys.push(this.keys.denied('sid', sid));
    return this.guard.run(async () => {
      const client = this.guard.client;
      const values = client instanceof Cluster ? await Promise.all(keys.map((k) => client.get(k))) : await client.mget(keys);
      return values.some((value) => value !== null && Number(value) > now);
    });
  }

  /**
   * `isDenied` that also reads the seed sentinel in the same round trip, so a Redis that came back
   * without its data is noticed on the very request it would otherwise have answered wrongly.
   */
  async check(jti: string, sid: string | undefined, now: number): Promise<DenylistVerdict> {
    const keys = [this.keys.denylistSeeded(), this.keys.denied('jti', jti)];
    if (sid !== undefined) keys.push(this.keys.denied('sid', sid));
    return this.guard.run(async () => {
      const client = this.guard.client;
      const [seeded, ...values] = client instanceof Cluster ? await Promise.all(keys.map((k) => client.get(k))) : await client.mget(keys);
      if (values.some((value) => value !== null && Number(value) > now)) return 'denied';
      return seeded === null || seeded === undefined ? 'unseeded' : 'allowed';
    });
  }

  async isSeeded(): Promise<boolean> {
    return this.guard.run(async () => (await this.guard.client.exists(this.keys.denylistSeeded())) === 1);
  }

  /**
   * Starts a seed, or joins the one in progress: returns the token to pass to `completeSeed`.
   * Entries added from now on count towards it unless Redis loses them before `completeSeed`.
   * Joining (SET NX) is what keeps N instances seeding at once from overwriting each other's
   * token in turn until all give up; it is safe because every seeder copies the whole log before
   * it completes, so whichever finishes first has written everything.
   */
  async beginSeed(token: string): Promise<string> {
    return this.guard.run(async () => {
      const client = this.guard.client;
      const key = this.keys.denylistSeeding();
      await client.set(key, token, 'NX');
      return (await client.get(key)) ?? token;
    });
  }

  /**
   * Ends the seed `token` began: true once the sentinel is set. False when Redis no longer holds
   * the token (it lost its data meanwhile, or another seed began later): the caller checks
   * `isSeeded` and seeds again if need be.
   */
  async completeSeed(token: string, seededAt: number): Promise<boolean> {
    return this.guard.run(async () => {
      const client = this.guard.client;
      const seeding = this.keys.denylistSeeding();
      if ((await seedHeld.run(client, seeding, token)) !== 1) return false;
      await client.set(this.keys.denylistSeeded(), String(seededAt));
      // The sentinel and the token may sit on different Cluster nodes: a loss between the two
      // writes would leave a sentinel over an incomplete denylist, so the token is checked again.
      if ((await seedHeld.run(client, seeding, token)) === 1) return true;
      await client.del(this.keys.denylistSeeded());
      return false;
    });
  }

  async listActive(now: number): Promise<DenylistEntry[]> {
    return this.guard.run(async () => {
      const client = this.guard.client;
      const nodes = client instanceof Cluster ? client.nodes('master') : [client];
      const perNode = await Promise.all(nodes.map((node) => this.#listNode(node, now)));
      return perNode.flat();
    }, this.listTimeoutMs);
  }

  async #listNode(node: Redis, now: number): Promise<DenylistEntry[]> {
    // SCAN may return a key twice (while the table rehashes): keyed by key, not appended.
    const active = new Map<string, DenylistEntry>();
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', this.keys.deniedPattern(), 'COUNT', scanCount);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await node.pipeline(keys.map((key) => ['get', key])).exec();
      if (values === null) throw new Error('Redis pipeline aborted');
      keys.forEach((key, i) => {
        const [error, value] = values[i] ?? [null, null];
        if (error) throw error;
        const parsed = this.keys.parseDenied(key);
        const expiresAt = Number(value);
        if (parsed && typeof value === 'string' && expiresAt > now) active.set(key, { ...parsed, expiresAt });
      });
    } while (cursor !== '0');
    return [...active.values()];
  }
}
