import type { KeyStore, SigningAlgorithm, SigningKeyRecord } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import type { SigningKeysTable, TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * Signing keys and server secrets. The private JWKs stay in this database (records.ts): protect
 * it, and its backups, like the keys themselves.
 */
export class SqlKeyStore implements KeyStore {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  #toRecord(row: Selectable<SigningKeysTable>): SigningKeyRecord {
    return {
      kid: row.kid,
      alg: row.alg as SigningAlgorithm,
      publicJwk: this.dialect.readJson(row.public_jwk) as Record<string, unknown>,
      privateJwk: this.dialect.readJson(row.private_jwk) as Record<string, unknown>,
      generation: row.generation,
      createdAt: row.created_at,
      activatesAt: row.activates_at,
      retiresAt: row.retires_at,
    };
  }

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('generation', 'asc').execute();
    return rows.map((row) => this.#toRecord(row));
  }

  async insertSigningKey(key: SigningKeyRecord): Promise<boolean> {
    // UNIQUE (generation) (and the kid primary key) decide: the loser's insert does nothing.
    const inserted = await this.db
      .insertInto('signing_keys')
      .values({
        kid: key.kid,
        alg: key.alg,
        public_jwk: JSON.stringify(key.publicJwk),
        private_jwk: JSON.stringify(key.privateJwk),
        generation: key.generation,
        created_at: key.createdAt,
        activates_at: key.activatesAt,
        retires_at: key.retiresAt,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('kid')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async setRetiresAt(kid: string, retiresAt: number): Promise<void> {
    await this.db.updateTable('signing_keys').set({ retires_at: retiresAt }).where('kid', '=', kid).execute();
  }

  async deleteRetired(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('signing_keys')
      .where('retires_at', 'is not', null)
      .where('retires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async getOrCreateSecret(name: string, candidate: Uint8Array): Promise<Uint8Array> {
    // Insert-if-absent, then read whatever won: every caller on every instance gets those bytes.
    await this.db
      .insertInto('secrets')
      .values({ name, value: Buffer.from(candidate), created_at: Date.now() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return Uint8Array.from(row.value);
  }
}
