import type { DenylistEntry, DenylistStore } from '@tessera/core';
import type { Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';

export class SqlDenylistStore implements DenylistStore {
  constructor(private readonly db: Kysely<TesseraDatabase>) {}

  async add(entry: DenylistEntry): Promise<void> {
    // An entry is only ever extended: a later, shorter revocation must not free tokens an
    // earlier one covers.
    await this.db
      .insertInto('denylist')
      .values({ kind: entry.kind, value: entry.value, expires_at: entry.expiresAt })
      .onConflict((oc) =>
        oc
          .columns(['kind', 'value'])
          .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
          .where((eb) => eb('denylist.expires_at', '<', eb.ref('excluded.expires_at'))),
      )
      .execute();
  }

  async isDenied(jti: string, sid: string | undefined, now: number): Promise<boolean> {
    // One indexed query on the primary key (kind, value) for both checks.
    const row = await this.db
      .selectFrom('denylist')
      .select('kind')
      .where((eb) => {
        const byJti = eb.and([eb('kind', '=', 'jti'), eb('value', '=', jti)]);
        return sid === undefined ? byJti : eb.or([byJti, eb.and([eb('kind', '=', 'sid'), eb('value', '=', sid)])]);
      })
      .where('expires_at', '>', now)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async listActive(now: number): Promise<DenylistEntry[]> {
    const rows = await this.db.selectFrom('denylist').selectAll().where('expires_at', '>', now).execute();
    return rows.map((row) => ({ kind: row.kind as DenylistEntry['kind'], value: row.value, expiresAt: row.expires_at }));
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('denylist').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
