import type { LiveRefreshFamily, RefreshFamilyRecord, RefreshTokenRecord, RefreshTokenStore, RotateResult } from '@tessera/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RefreshFamiliesTable, RefreshTokensTable, TesseraDatabase } from './database-schema.js';

function toFamily(row: Selectable<RefreshFamiliesTable>): RefreshFamilyRecord {
  return {
    id: row.id,
    userId: row.user_id,
    clientId: row.client_id,
    scope: row.scope,
    audience: row.audience,
    sessionId: row.session_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

function toToken(row: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    tokenHash: row.token_hash,
    familyId: row.family_id,
    generation: row.generation,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

function toRow(token: RefreshTokenRecord): Selectable<RefreshTokensTable> {
  return {
    token_hash: token.tokenHash,
    family_id: token.familyId,
    generation: token.generation,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    used_at: token.usedAt,
  };
}

export class SqlRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly db: Kysely<TesseraDatabase>) {}

  async createFamily(family: RefreshFamilyRecord, first: RefreshTokenRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('refresh_families')
        .values({
          id: family.id,
          user_id: family.userId,
          client_id: family.clientId,
          scope: family.scope,
          audience: family.audience,
          session_id: family.sessionId,
          created_at: family.createdAt,
          expires_at: family.expiresAt,
          revoked_at: family.revokedAt,
        })
        .execute();
      await trx.insertInto('refresh_tokens').values(toRow(first)).execute();
    });
  }

  async findFamily(id: string): Promise<RefreshFamilyRecord | null> {
    const row = await this.db.selectFrom('refresh_families').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFamily(row) : null;
  }

  /**
   * The single-use primitive. One conditional UPDATE spends the parent iff it is unused and
   * unexpired and its family is live; the successor is inserted in the same transaction. A
   * concurrent caller's UPDATE on the same row waits for the winner's row lock (PostgreSQL) or
   * the database write lock (SQLite), then sees `used_at` set and matches nothing, so exactly one
   * caller spends the token however many instances race (RFC 9700 §4.14.2).
   */
  async rotate(parentHash: string, successor: RefreshTokenRecord, now: number): Promise<RotateResult> {
    const rotated = await this.db.transaction().execute(async (trx) => {
      const parent = await trx
        .updateTable('refresh_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', parentHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('refresh_families')
              .select(sql.lit(1).as('live'))
              .whereRef('refresh_families.id', '=', 'refresh_tokens.family_id')
              .where('refresh_families.revoked_at', 'is', null)
              .where('refresh_families.expires_at', '>', now),
          ),
        )
        .returningAll()
        .executeTakeFirst();
      if (!parent) return null;
      await trx.insertInto('refresh_tokens').values(toRow(successor)).execute();
      const family = await trx.selectFrom('refresh_families').selectAll().where('id', '=', parent.family_id).executeTakeFirstOrThrow();
      return { family: toFamily(family), parent: toToken(parent) };
    });
    if (rotated) return { outcome: 'rotated', ...rotated };

    // Nothing was spent. Say why, from the committed state: a winner we waited for has committed
    // by now (its successor included), so `already_used` carries the successor it stored.
    const found = await this.findToken(parentHash);
    if (!found) return { outcome: 'not_found' };
    const { family, token: parent } = found;
    if (parent.usedAt === null) return { outcome: 'inactive', family, parent };
    const next = await this.db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('family_id', '=', parent.familyId)
      .where('generation', '=', parent.generation + 1)
      .executeTakeFirst();
    return { outcome: 'already_used', family, parent, successor: next ? toToken(next) : null };
  }

  async findToken(tokenHash: string): Promise<{ family: RefreshFamilyRecord; token: RefreshTokenRecord } | null> {
    const row = await this.db
      .selectFrom('refresh_tokens as t')
      .innerJoin('refresh_families as f', 'f.id', 't.family_id')
      .select([
        't.token_hash',
        't.family_id',
        't.generation',
        't.created_at',
        't.expires_at',
        't.used_at',
        'f.user_id as family_user_id',
        'f.client_id as family_client_id',
        'f.scope as family_scope',
        'f.audience as family_audience',
        'f.session_id as family_session_id',
        'f.created_at as family_created_at',
        'f.expires_at as family_expires_at',
        'f.revoked_at as family_revoked_at',
      ])
      .where('t.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return null;
    return {
      token: toToken(row),
      family: {
        id: row.family_id,
        userId: row.family_user_id,
        clientId: row.family_client_id,
        scope: row.family_scope,
        audience: row.family_audience,
        sessionId: row.family_session_id,
        createdAt: row.family_created_at,
        expiresAt: row.family_expires_at,
        revokedAt: row.family_revoked_at,
      },
    };
  }

  async revokeFamily(familyId: string, now: number): Promise<RefreshFamilyRecord | null> {
    // COALESCE keeps the first revocation time: idempotent in one statement.
    const row = await this.db
      .updateTable('refresh_families')
      .set({ revoked_at: sql<number>`coalesce(revoked_at, ${now})` })
      .where('id', '=', familyId)
      .returningAll()
      .executeTakeFirst();
    return row ? toFamily(row) : null;
  }

  async revokeByUser(userId: string, now: number): Promise<RefreshFamilyRecord[]> {
    const rows = await this.db
      .updateTable('refresh_families')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returningAll()
      .execute();
    return rows.map(toFamily);
  }

  async listLiveByUser(userId: string, now: number): Promise<LiveRefreshFamily[]> {
    const rows = await this.db
      .selectFrom('refresh_families as f')
      .innerJoin('refresh_tokens as t', 't.family_id', 'f.id')
      .selectAll('f')
      .select((eb) => eb.fn.max('t.created_at').as('last_used_at'))
      .where('f.user_id', '=', userId)
      .where('f.revoked_at', 'is', null)
      .where('f.expires_at', '>', now)
      .groupBy(['f.id', 'f.user_id', 'f.client_id', 'f.scope', 'f.audience', 'f.session_id', 'f.created_at', 'f.expires_at', 'f.revoked_at'])
      .execute();
    return rows.map((row) => ({ family: toFamily(row), lastUsedAt: Number(row.last_used_at) }));
  }

  /** Drops families past their absolute expiry (their tokens go with them: ON DELETE CASCADE). */
  async purgeExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('refresh_families').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
