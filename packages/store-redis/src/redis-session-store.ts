/**
 * Sessions in Redis, single node or Cluster.
 *
 * Key layout (P = prefix, default `tessera:`):
 *   P sess:<tokenHash>   hash: the record. PEXPIREAT min(idleExpiresAt, absoluteExpiresAt).
 *   P sid:<id>           string: JSON {t: tokenHash, u: userId, a: absoluteExpiresAt}, same expiry.
 *   P usess:<userId>     sorted set: the user's token hashes, scored by when each record expires;
 *                        the key itself expires with the latest of them.
 *
 * Why this shape, and why no hash tags (the Cluster choice):
 * - `findByTokenHash` is the hot path (every cookie-authenticated request): one HGETALL on a key
 *   derived from the token hash alone. That key cannot live in the user's slot, because the
 *   caller does not know the user yet, so co-locating by `{u:<userId>}` would cost a second
 *   round trip on every request. Instead every command sends exactly one key, which is slot-safe
 *   in a Cluster by construction and identical on a single node; nothing needs MULTI across keys.
 * - Consistency across the three keys comes from write order, chosen so that a crash or an
 *   outage between two writes can only leave harmless leftovers, never a live record that
 *   "log out everywhere" cannot find:
 *     create: index entry first, then pointer and record;
 *     touch:  index score first (only ever raised), then record and pointer;
 *     delete: record first (the credential dies at once), then pointer and index entry.
 *   Leftover index entries and pointers whose record is gone are skipped and pruned on read.
 * - An index entry is never dropped while its record can still be alive: its score is never
 *   below the record's expiry, and `create` prunes only entries scored before now.
 */
import type { SessionRecord } from '@tessera/core';
import type { SessionStore } from '@tessera/core';
import { systemClock, type Clock } from '@tessera/core';
import type { KeySpace } from './key-space.js';
import { LuaScript } from './lua-script.js';
import type { RedisGuard } from './redis-guard.js';

/**
 * Puts a token hash in the user's index with at least the given score (never lowers one: GT),
 * drops entries scored before now, and keeps the key alive exactly as long as its newest entry.
 * Used by create and by touch (which thereby re-indexes a live record whose entry went missing).
 */
const indexUpsert = new LuaScript(`
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[3])
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
redis.call('PEXPIREAT', KEYS[1], newest)
return 1`);

/** Sliding renewal; a no-op when the record is gone (never recreates a partial hash). */
const recordTouch = new LuaScript(`
local absolute = redis.call('HGET', KEYS[1], 'absoluteExpiresAt')
if not absolute then return 0 end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1], 'idleExpiresAt', ARGV[2])
if tonumber(ARGV[2]) < tonumber(absolute) then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2])
else
  redis.call('PEXPIREAT', KEYS[1], absolute)
end
return 1`);

const recordSetData = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[1])
return 1`);

/** Deletes the record unless it is the excepted session. Returns {'gone'} / {'kept'} / {'deleted', id}. */
const recordDeleteUnless = new LuaScript(`
local id = redis.call('HGET', KEYS[1], 'id')
if not id then return {'gone'} end
if ARGV[1] == '1' and id == ARGV[2] then return {'kept'} end
redis.call('DEL', KEYS[1])
return {'deleted', id}`);

interface SessionPointer {
  t: string;
  u: string;
  a: number;
}

export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly guard: RedisGuard,
    private readonly keys: KeySpace,
    /** Scores the user-session index (when an entry was written); core's clock shape. */
    private readonly clock: Clock = systemClock,
  ) {}

  private get client() {
    return this.guard.client;
  }

  async create(session: SessionRecord): Promise<void> {
    const expiresAt = Math.min(session.idleExpiresAt, session.absoluteExpiresAt);
    const pointer: SessionPointer = { t: session.tokenHash, u: session.userId, a: session.absoluteExpiresAt };
    const record = this.keys.session(session.tokenHash);
    await this.guard.run(async () => {
      await indexUpsert.run(this.client, this.keys.userSessions(session.userId), this.clock.now(), expiresAt, session.tokenHash);
      await Promise.all([
        this.client.set(this.keys.sessionId(session.id), JSON.stringify(pointer), 'PXAT', expiresAt),
        this.client
          .multi()
          .del(record)
          .hset(record, encodeSession(session))
          .pexpireat(record, expiresAt)
          .exec()
          .then(checkExec),
      ]);
    });
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRecord | null> {
    return this.guard.run(async () => decodeSession(await this.client.hgetall(this.keys.session(tokenHash))));
  }

  async findById(id: string): Promise<SessionRecord | null> {
    return this.guard.run(async () => {
      const pointer = await this.#pointer(id);
      if (!pointer) return null;
      const session = decodeSession(await this.client.hgetall(this.keys.session(pointer.t)));
      return session?.id === id ? session : null;
    });
  }

  async touch(id: string, lastSeenAt: number, idleExpiresAt: number): Promise<void> {
    await this.guard.run(async () => {
      const pointer = await this.#pointer(id);
      if (!pointer) return;
      const expiresAt = Math.min(idleExpiresAt, pointer.a);
      const index = this.keys.userSessions(pointer.u);
      // Raise the index score first: the index must never forget a record that still lives.
      await indexUpsert.run(this.client, index, this.clock.now(), expiresAt, pointer.t);
      await Promise.all([
        recordTouch.run(this.client, this.keys.session(pointer.t), lastSeenAt, idleExpiresAt),
        this.client.pexpireat(this.keys.sessionId(id), expiresAt, 'GT'),
      ]);
    });
  }

  async setData(id: string, data: Record<string, unknown>): Promise<boolean> {
    const json = JSON.stringify(data);
    return this.guard.run(async () => {
      const pointer = await this.#pointer(id);
      if (!pointer) return false;
      return (await recordSetData.run(this.client, this.keys.session(pointer.t), json)) === 1;
    });
  }

  async delete(id: string): Promise<SessionRecord | null> {
    return this.guard.run(async () => {
      const pointer = await this.#pointer(id);
      if (!pointer) return null;
      const record = this.keys.session(pointer.t);
      // Read and delete in one transaction: of two concurrent deletes, one gets the record.
      const [read] = checkExec(await this.client.multi().hgetall(record).del(record).exec());
      await Promise.all([this.client.del(this.keys.sessionId(id)), this.client.zrem(this.keys.userSessions(pointer.u), pointer.t)]);
      return decodeSession(read as Record<string, string>);
    });
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    return this.guard.run(async () => {
      const index = this.keys.userSessions(userId);
      const tokenHashes = await this.client.zrange(index, '0', '-1');
      const found = await Promise.all(tokenHashes.map(async (t) => decodeSession(await this.client.hgetall(this.keys.session(t)))));
      const gone = tokenHashes.filter((_, i) => found[i] === null);
      if (gone.length > 0) await this.client.zrem(index, ...gone);
      return found
        .filter((s): s is SessionRecord => s !== null && s.userId === userId)
        .sort((a, b) => b.createdAt - a.createdAt);
    });
  }

  async deleteByUser(userId: string, exceptId?: string): Promise<string[]> {
    return this.guard.run(async () => {
      const index = this.keys.userSessions(userId);
      const tokenHashes = await this.client.zrange(index, '0', '-1');
      const deleted = await Promise.all(
        tokenHashes.map(async (t): Promise<string | null> => {
          const reply = (await recordDeleteUnless.run(this.client, this.keys.session(t), exceptId === undefined ? '0' : '1', exceptId ?? '')) as [string, string?];
          if (reply[0] === 'kept') return null;
          const id = reply[1];
          await Promise.all([this.client.zrem(index, t), id === undefined ? 0 : this.client.del(this.keys.sessionId(id))]);
          return id ?? null;
        }),
      );
      return deleted.filter((id): id is string => id !== null);
    });
  }

  async #pointer(id: string): Promise<SessionPointer | null> {
    const raw = await this.client.get(this.keys.sessionId(id));
    return raw === null ? null : (JSON.parse(raw) as SessionPointer);
  }
}

/** Results of MULTI/EXEC: a null (aborted transaction) or an error inside it is a failure. */
function checkExec(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('Redis transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

function encodeSession(session: SessionRecord): Record<string, string> {
  const fields: Record<string, string> = {
    id: session.id,
    tokenHash: session.tokenHash,
    userId: session.userId,
    createdAt: String(session.createdAt),
    lastSeenAt: String(session.lastSeenAt),
    idleExpiresAt: String(session.idleExpiresAt),
    absoluteExpiresAt: String(session.absoluteExpiresAt),
    data: JSON.stringify(session.data),
  };
  // null is the absence of the field: a hash cannot tell null from the string "null".
  if (session.userAgent !== null) fields.userAgent = session.userAgent;
  if (session.ip !== null) fields.ip = session.ip;
  return fields;
}

function decodeSession(fields: Record<string, string>): SessionRecord | null {
  const { id, tokenHash, userId, createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt, data } = fields;
  if (id === undefined || tokenHash === undefined || userId === undefined || data === undefined) return null;
  return {
    id,
    tokenHash,
    userId,
    createdAt: Number(createdAt),
    lastSeenAt: Number(lastSeenAt),
    idleExpiresAt: Number(idleExpiresAt),
    absoluteExpiresAt: Number(absoluteExpiresAt),
    userAgent: fields.userAgent ?? null,
    ip: fields.ip ?? null,
    data: JSON.parse(data) as Record<string, unknown>,
  };
}
