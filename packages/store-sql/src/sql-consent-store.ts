import type { ConsentRecord, ConsentStore } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import type { ConsentsTable, TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

export class SqlConsentStore implements ConsentStore {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  #toRecord(row: Selectable<ConsentsTable>): ConsentRecord {
    return {
      userId: row.user_id,
      clientId: row.client_id,
      scopes: this.dialect.readJson(row.scopes) as string[],
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async find(userId: string, clientId: string): Promise<ConsentRecord | null> {
    const row = await this.db.selectFrom('consents').selectAll().where('user_id', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
    return row ? this.#toRecord(row) : null;
  }

  /** Upsert in one statement, so two concurrent grants cannot both insert; the first `created_at` stays. */
  async grant(consent: ConsentRecord): Promise<void> {
    await this.db
      .insertInto('consents')
      .values({
        user_id: consent.userId,
        client_id: consent.clientId,
        scopes: JSON.stringify(consent.scopes),
        created_at: consent.createdAt,
        updated_at: consent.updatedAt,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'client_id']).doUpdateSet((eb) => ({
          scopes: eb.ref('excluded.scopes'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async listByUser(userId: string): Promise<ConsentRecord[]> {
    const rows = await this.db.selectFrom('consents').selectAll().where('user_id', '=', userId).orderBy('created_at', 'asc').orderBy('client_id', 'asc').execute();
    return rows.map((row) => this.#toRecord(row));
  }

  async revoke(userId: string, clientId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('consents').where('user_id', '=', userId).where('client_id', '=', clientId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
