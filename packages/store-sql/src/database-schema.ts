import type { ColumnType, Generated } from 'kysely';

// The tables behind every SQL store, as Kysely sees them. Times are epoch milliseconds: `bigint`
// in PostgreSQL (read back as numbers, see postgres-database.ts), `INTEGER` in SQLite.

/** JSON: `jsonb` in PostgreSQL, `TEXT` in SQLite. Written as a JSON string; read via `SqlDialect.readJson`. */
export type JsonColumn = ColumnType<unknown, string, string>;
/** Raw bytes: `bytea` / `BLOB`. */
export type BytesColumn = ColumnType<Uint8Array, Buffer, Buffer>;

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  password_changed_at: number;
  disabled_at: number | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
  user_agent: string | null;
  ip: string | null;
  data: JsonColumn;
}

export interface RefreshFamiliesTable {
  id: string;
  user_id: string;
  client_id: string;
  scope: string;
  audience: string;
  session_id: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  family_id: string;
  generation: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface DenylistTable {
  kind: string;
  value: string;
  expires_at: number;
}

export interface RevocationEventsTable {
  id: Generated<number>;
  at: number;
  subject: JsonColumn;
  expires_at: number;
}

export interface ClientsTable {
  id: string;
  name: string;
  type: string;
  secret_hash: string | null;
  grant_types: JsonColumn;
  scopes: JsonColumn;
  audiences: JsonColumn;
  /** SQLite: 0/1; PostgreSQL: boolean (see SqlDialect.writeBoolean). */
  introspect: number | boolean;
  introspect_sessions: number | boolean;
  redirect_uris: JsonColumn;
  post_logout_redirect_uris: JsonColumn;
  backchannel_logout_uri: string | null;
  first_party: number | boolean;
  id_token_signed_response_alg: string | null;
  created_at: number;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  audience: string;
  code_challenge: string;
  nonce: string | null;
  session_id: string;
  auth_time: number;
  amr: JsonColumn;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  family_id: string | null;
}

export interface ConsentsTable {
  user_id: string;
  client_id: string;
  scopes: JsonColumn;
  created_at: number;
  updated_at: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: JsonColumn;
  private_jwk: JsonColumn;
  generation: number;
  created_at: number;
  activates_at: number;
  retires_at: number | null;
}

export interface SecretsTable {
  name: string;
  value: BytesColumn;
  created_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: number;
  type: string;
  user_id: string | null;
  ip: string | null;
  detail: JsonColumn;
}

export interface TotpFactorsTable {
  user_id: string;
  secret_ciphertext: string;
  created_at: number;
  confirmed_at: number | null;
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
}

export interface PasskeysTable {
  id: string;
  user_id: string;
  name: string;
  public_key: string;
  counter: number;
  transports: JsonColumn;
  device_type: string;
  backed_up: number | boolean;
  created_at: number;
  last_used_at: number | null;
}

export interface WebAuthnChallengesTable {
  id_hash: string;
  challenge: string;
  purpose: string;
  user_id: string | null;
  expires_at: number;
}

export interface TesseraDatabase {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_families: RefreshFamiliesTable;
  refresh_tokens: RefreshTokensTable;
  denylist: DenylistTable;
  revocation_events: RevocationEventsTable;
  clients: ClientsTable;
  authorization_codes: AuthorizationCodesTable;
  consents: ConsentsTable;
  signing_keys: SigningKeysTable;
  secrets: SecretsTable;
  audit_events: AuditEventsTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebAuthnChallengesTable;
}
