import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stores } from '@tessera/core';
import { serviceAvailable } from '@tessera/testing';
import { createRedisStores, type RedisStores } from '@tessera/store-redis';
import { createSqliteStores } from '@tessera/store-sql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogSeededDenylist } from '../../src/scale-out/log-seeded-denylist.js';

const ready = await serviceAvailable('redis');

/** Audit finding 15, the seam: the real Redis (own prefix) and a real SQLite revocation log. */
describe.runIf(ready)('LogSeededDenylist (audit finding 15)', () => {
  let redis: RedisStores;
  let sql: Stores;
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tessera-seed-'));
    sql = await createSqliteStores({ filename: join(dir, 'tessera.db') });
    redis = createRedisStores({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `tessera:test-seed-${randomBytes(4).toString('hex')}:` });
  });
  afterEach(async () => {
    const keys = await redis.client.keys(`${redis.prefix}*`);
    if (keys.length > 0) await redis.client.del(...keys);
    await redis.close();
    await sql.close();
    await rm(dir, { recursive: true, force: true });
  });

  const wipe = async () => {
    const keys = await redis.client.keys(`${redis.prefix}*`);
    if (keys.length > 0) await redis.client.del(...keys);
  };

  it('answers from the log after Redis lost the denylist, for jti and sid events alike, and skips expired ones', async () => {
    const now = Date.now();
    await sql.revocationLog.append({ at: now, subject: { kind: 'token', jti: 'j1', userId: 'u' }, expiresAt: now + 60_000 });
    await sql.revocationLog.append({ at: now, subject: { kind: 'refresh_family', sid: 's1', userId: 'u' }, expiresAt: now + 60_000 });
    await sql.revocationLog.append({ at: now - 120_000, subject: { kind: 'token', jti: 'old', userId: 'u' }, expiresAt: now - 60_000 });
    const denylist = new LogSeededDenylist(redis.denylist, sql.revocationLog);
    expect(await redis.denylist.check('j1', undefined, now)).toBe('unseeded');
    expect(await denylist.isDenied('j1', undefined, now)).toBe(true);
    expect(await denylist.isDenied('x', 's1', now)).toBe(true);
    expect(await denylist.isDenied('old', undefined, now)).toBe(false);
    expect(await redis.denylist.isSeeded()).toBe(true);

    await wipe();
    expect((await denylist.listActive(now)).map((e) => e.value).sort()).toEqual(['j1', 's1']);
  });

  it('N instances seeding at once all end seeded, and a seed whose token Redis lost does not complete', async () => {
    const now = Date.now();
    await sql.revocationLog.append({ at: now, subject: { kind: 'token', jti: 'j1', userId: 'u' }, expiresAt: now + 60_000 });
    const instances = [1, 2, 3].map(() => new LogSeededDenylist(redis.denylist, sql.revocationLog));
    expect(await Promise.all(instances.map((d) => d.isDenied('j1', undefined, now)))).toEqual([true, true, true]);

    await wipe();
    await redis.denylist.beginSeed('a');
    await wipe(); // Redis emptied mid-seed
    expect(await redis.denylist.completeSeed('a', now)).toBe(false);
    expect(await redis.denylist.isSeeded()).toBe(false);
  });

  it('many instances seeding a long log at once do not take turns overwriting each other until all give up', async () => {
    const now = Date.now();
    // Long enough that the seeders' copies overlap; each used to start by overwriting the others' token.
    for (let i = 0; i < 1500; i++) await sql.revocationLog.append({ at: now, subject: { kind: 'token', jti: `j${i}`, userId: 'u' }, expiresAt: now + 60_000 });
    if (redis.client.status !== 'ready') await once(redis.client, 'ready');
    const instances = Array.from({ length: 8 }, () => new LogSeededDenylist(redis.denylist, sql.revocationLog));
    const verdicts = await Promise.all(instances.map((d, i) => d.isDenied(`j${i * 150}`, undefined, now)));
    expect(verdicts).toEqual(instances.map(() => true));
    expect(await redis.denylist.isSeeded()).toBe(true);
  });
});
