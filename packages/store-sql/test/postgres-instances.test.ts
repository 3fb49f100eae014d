import { randomBytes } from 'node:crypto';
import type { AuthorizationCodeRecord, RefreshFamilyRecord, RefreshTokenRecord, RevocationEvent } from '@tessera/core';
import { adminQuery, dropSchema, serviceAvailable, testPostgresUrl, uniqueSchema } from '@tessera/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStores, migratePostgres, type SqlStores } from '../src/index.js';
import { openPostgresDatabase } from '../src/postgres-database.js';
import { revocationChannel } from '../src/postgres-revocation-bus.js';
import { checkPurgeExpired } from './support/purge-scenario.js';
import { setTimeout as sleep } from 'node:timers/promises';

// What several Tessera instances sharing one PostgreSQL rely on, with each "instance" a separate
// Stores (own pool, own LISTEN connection), as separate processes would have.

const hasPostgres = await serviceAvailable('postgres');
const unreachableUrl = 'postgres://postgres@127.0.0.1:1/test';

const hash = () => randomBytes(32).toString('base64url');

describe.runIf(hasPostgres)('PostgreSQL stores across instances', () => {
  const schema = uniqueSchema();
  const open = () => createPostgresStores({ connectionString: testPostgresUrl, schema, poolSize: 5 });
  let a: SqlStores;
  let b: SqlStores;

  beforeAll(async () => {
    [a, b] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await dropSchema(schema);
  });

  it('two instances rotating one refresh token at once: exactly one wins, every time', async () => {
    for (let round = 0; round < 5; round++) {
      const now = Date.now();
      const family: RefreshFamilyRecord = {
        id: `family-${hash()}`, userId: 'user', clientId: 'tessera', scope: '', audience: 'api', sessionId: null, createdAt: now, expiresAt: now + 3_600_000, revokedAt: null,
      };
      const first: RefreshTokenRecord = { tokenHash: hash(), familyId: family.id, generation: 0, createdAt: now, expiresAt: family.expiresAt, usedAt: null };
      const successor: RefreshTokenRecord = { ...first, tokenHash: hash(), generation: 1 };
      await a.refreshTokens.createFamily(family, first);

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).refreshTokens.rotate(first.tokenHash, successor, now + 1)),
      );
      expect(results.filter((r) => r.outcome === 'rotated')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'already_used')).toHaveLength(19);
      for (const r of results) if (r.outcome === 'already_used') expect(r.successor).toEqual(successor);
      const rows = await adminQuery<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".refresh_tokens WHERE family_id = $1`, [family.id]);
      expect(rows[0]?.n).toBe(2);
    }
  });

  it('two instances redeeming one authorization code at once: exactly one consumes it, every time', async () => {
    for (let round = 0; round < 5; round++) {
      const now = Date.now();
      const code: AuthorizationCodeRecord = {
        codeHash: hash(), clientId: 'app', userId: 'user', redirectUri: 'https://app.example.test/cb', scope: 'openid', audience: 'api',
        codeChallenge: hash(), nonce: null, sessionId: `session-${hash()}`, authTime: now, amr: ['pwd'], createdAt: now, expiresAt: now + 60_000,
        consumedAt: null, familyId: null,
      };
      await a.authorizationCodes.create(code);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).authorizationCodes.consume(code.codeHash, now + 1)),
      );
      expect(results.filter((r) => r.outcome === 'consumed')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'already_consumed')).toHaveLength(19);
    }
  });

  it('instances racing to create a signing key generation make one key', async () => {
    const generation = 1_000 + Math.floor(Math.random() * 1_000_000);
    const key = (i: number) => ({
      kid: `kid-${i}-${hash()}`, alg: 'EdDSA' as const, publicJwk: { kty: 'OKP' }, privateJwk: { kty: 'OKP', d: 'x' },
      generation, createdAt: 0, activatesAt: 0, retiresAt: null,
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).keys.insertSigningKey(key(i))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('instances racing for a server secret agree on its bytes', async () => {
    const name = `secret-${hash()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).keys.getOrCreateSecret(name, randomBytes(32))),
    );
    expect(new Set(results.map((r) => Buffer.from(r).toString('hex'))).size).toBe(1);
  });

  it('a revocation published on one instance reaches the other over LISTEN/NOTIFY', async () => {
    const received: RevocationEvent[] = [];
    const userId = `user-${hash()}`;
    const unsubscribe = await b.revocationBus.subscribe((e) => {
      if (e.subject.userId === userId) received.push(e);
    });
    const event = await a.revocationLog.append({ at: Date.now(), subject: { kind: 'user', userId }, expiresAt: Date.now() + 60_000 });
    await a.revocationBus.publish(event);
    await waitUntil(() => received.length === 1);
    expect(received).toEqual([event]);
    await unsubscribe();
  });

  it('the bus listens again after its connection is killed', async () => {
    const received: string[] = [];
    const userId = `user-${hash()}`;
    const unsubscribe = await b.revocationBus.subscribe((e) => {
      if (e.subject.userId === userId) received.push(e.id);
    });
    const killed = await adminQuery<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query = $1`,
      [`LISTEN "${revocationChannel(schema)}"`],
    );
    expect(killed.length).toBeGreaterThanOrEqual(1);
    // Events published while the listener reconnects are lost (best-effort); keep publishing until one arrives.
    await waitUntil(async () => {
      await a.revocationBus.publish({ id: String(Date.now()), at: Date.now(), subject: { kind: 'user', userId }, expiresAt: Date.now() + 60_000 });
      return received.length > 0;
    }, 15_000);
    await unsubscribe();
  });

  it('purgeExpired deletes exactly the expired rows', async () => {
    await checkPurgeExpired(a);
  });

  it('ping answers while the database is up', async () => {
    await expect(a.ping()).resolves.toBeUndefined();
  });
});

describe.runIf(hasPostgres)('PostgreSQL migrations', () => {
  it('several instances migrating one fresh schema at once: all succeed, the migration runs once', async () => {
    const schema = uniqueSchema();
    try {
      const runs = await Promise.all([
        ...Array.from({ length: 5 }, () => migratePostgres({ connectionString: testPostgresUrl, schema })),
        ...Array.from({ length: 3 }, async () => {
          const stores = await createPostgresStores({ connectionString: testPostgresUrl, schema, poolSize: 2 });
          await stores.close();
          return null;
        }),
      ]);
      const reports = runs.filter((r) => r !== null);
      // Each migration is applied by exactly one of the racers (or by a store's own start-up).
      const appliedByReports = reports.flatMap((r) => r.applied);
      expect(new Set(appliedByReports).size).toBe(appliedByReports.length);
      const applied = await adminQuery<{ name: string }>(`SELECT name FROM "${schema}".kysely_migration`);
      expect(applied.map((r) => r.name)).toEqual(['0001_initial', '0002_client_introspection', '0003_user_disabled', '0004_oauth_authorization', '0005_refresh_family_session', '0020_mfa_factors']);
      expect((await migratePostgres({ connectionString: testPostgresUrl, schema })).applied).toEqual([]);
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a schema name that is not a plain lower-case identifier', async () => {
    await expect(migratePostgres({ connectionString: testPostgresUrl, schema: 'x; DROP TABLE users' })).rejects.toBeInstanceOf(TypeError);
  });
});

describe.runIf(hasPostgres)('PostgreSQL unavailable', () => {
  it('createPostgresStores rejects with StoreUnavailableError when the server cannot be reached', async () => {
    await expect(createPostgresStores({ connectionString: unreachableUrl })).rejects.toMatchObject({ code: 'store_unavailable' });
    await expect(migratePostgres({ connectionString: unreachableUrl })).rejects.toMatchObject({ code: 'store_unavailable' });
  });

  it('every store method rejects with StoreUnavailableError, never a raw driver error', async () => {
    const stores = await createPostgresStores({ connectionString: unreachableUrl, migrate: false });
    try {
      const calls: (() => Promise<unknown>)[] = [
        () => stores.users.findById('x'),
        () => stores.sessions.findByTokenHash('x'),
        () => stores.refreshTokens.rotate('x', { tokenHash: 'y', familyId: 'f', generation: 1, createdAt: 0, expiresAt: 1, usedAt: null }, 0),
        () => stores.refreshTokens.createFamily(
          { id: 'f', userId: 'u', clientId: 'c', scope: '', audience: 'a', sessionId: null, createdAt: 0, expiresAt: 1, revokedAt: null },
          { tokenHash: 'x', familyId: 'f', generation: 0, createdAt: 0, expiresAt: 1, usedAt: null },
        ),
        () => stores.denylist.isDenied('j', 's', 0),
        () => stores.revocationLog.append({ at: 0, subject: { kind: 'user', userId: 'u' }, expiresAt: 1 }),
        () => stores.revocationBus.publish({ id: '1', at: 0, subject: { kind: 'user', userId: 'u' }, expiresAt: 1 }),
        () => stores.revocationBus.subscribe(() => {}),
        () => stores.clients.list(),
        () => stores.keys.getOrCreateSecret('s', new Uint8Array(32)),
        () => stores.audit.listByUser('u', 1),
        () => stores.ping(),
        () => stores.purgeExpired(0),
      ];
      for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'store_unavailable', store: 'postgres' });
    } finally {
      await stores.close();
    }
  });

  it('a connection terminated by the server (57P01) fails the query with StoreUnavailableError, and the next query reconnects', async () => {
    const schema = uniqueSchema();
    const db = openPostgresDatabase({ connectionString: testPostgresUrl, schema, poolSize: 1 });
    try {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
      const pid = rows[0]!.pid;
      const sleeping = sql`SELECT pg_sleep(30)`.execute(db).then(
        () => null,
        (error: unknown) => error,
      );
      await waitUntil(async () => (await adminQuery(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'`, [pid])).length > 0);
      await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
      expect(await sleeping).toMatchObject({ code: 'store_unavailable', cause: { code: '57P01' } });
      await waitUntil(async () => {
        try {
          await sql`SELECT 1`.execute(db);
          return true;
        } catch (error) {
          expect(error).toMatchObject({ code: 'store_unavailable' });
          return false;
        }
      });
    } finally {
      await db.destroy();
    }
  });
});

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}
