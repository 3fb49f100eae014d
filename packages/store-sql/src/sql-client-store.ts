import { ClientExistsError, type ClientRecord, type ClientStore, type ClientType, type SigningAlgorithm } from '@tessera/core';
import type { Kysely, Selectable } from 'kysely';
import type { ClientsTable, TesseraDatabase } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

export class SqlClientStore implements ClientStore {
  constructor(
    private readonly db: Kysely<TesseraDatabase>,
    private readonly dialect: SqlDialect,
  ) {}

  #toRecord(row: Selectable<ClientsTable>): ClientRecord {
    return {
      id: row.id,
      name: row.name,
      type: row.type as ClientType,
      secretHash: row.secret_hash,
      grantTypes: this.dialect.readJson(row.grant_types) as string[],
      scopes: this.dialect.readJson(row.scopes) as string[],
      audiences: this.dialect.readJson(row.audiences) as string[],
      introspect: Boolean(row.introspect),
      introspectSessions: Boolean(row.introspect_sessions),
      redirectUris: this.dialect.readJson(row.redirect_uris) as string[],
      postLogoutRedirectUris: this.dialect.readJson(row.post_logout_redirect_uris) as string[],
      backchannelLogoutUri: row.backchannel_logout_uri,
      firstParty: Boolean(row.first_party),
      idTokenSignedResponseAlg: row.id_token_signed_response_alg as SigningAlgorithm | null,
      createdAt: row.created_at,
    };
  }

  async create(client: ClientRecord): Promise<void> {
    const inserted = await this.db
      .insertInto('clients')
      .values({
        id: client.id,
        name: client.name,
        type: client.type,
        secret_hash: client.secretHash,
        grant_types: JSON.stringify(client.grantTypes),
        scopes: JSON.stringify(client.scopes),
        audiences: JSON.stringify(client.audiences),
        introspect: this.dialect.writeBoolean(client.introspect),
        introspect_sessions: this.dialect.writeBoolean(client.introspectSessions),
        redirect_uris: JSON.stringify(client.redirectUris),
        post_logout_redirect_uris: JSON.stringify(client.postLogoutRedirectUris),
        backchannel_logout_uri: client.backchannelLogoutUri,
        first_party: this.dialect.writeBoolean(client.firstParty),
        id_token_signed_response_alg: client.idTokenSignedResponseAlg,
        created_at: client.createdAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new ClientExistsError();
  }

  async findById(id: string): Promise<ClientRecord | null> {
    const row = await this.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.#toRecord(row) : null;
  }

  async list(): Promise<ClientRecord[]> {
    const rows = await this.db.selectFrom('clients').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map((row) => this.#toRecord(row));
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('clients').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
