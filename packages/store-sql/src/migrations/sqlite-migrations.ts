import type { Migration } from 'kysely';
import { ddlMigration } from './sql-migration.js';

/**
 * SQLite schema, by migration name (applied in name order). STRICT tables, so a wrong type is an
 * error rather than a silent conversion. Epoch-ms times are `INTEGER` (64-bit); JSON is `TEXT`.
 */
export const sqliteMigrations: Record<string, Migration> = {
  '0001_initial': ddlMigration([
    `CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      password_changed_at INTEGER NOT NULL
    ) STRICT`,
    `CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      idle_expires_at INTEGER NOT NULL,
      absolute_expires_at INTEGER NOT NULL,
      user_agent TEXT,
      ip TEXT,
      data TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC)`,
    `CREATE TABLE refresh_families (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      client_id TEXT NOT NULL,
      scope TEXT NOT NULL,
      audience TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    ) STRICT`,
    `CREATE INDEX refresh_families_user_idx ON refresh_families (user_id)`,
    `CREATE INDEX refresh_families_expiry_idx ON refresh_families (expires_at)`,
    `CREATE TABLE refresh_tokens (
      token_hash TEXT PRIMARY KEY,
      family_id TEXT NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
      generation INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER,
      UNIQUE (family_id, generation)
    ) STRICT`,
    `CREATE TABLE denylist (
      kind TEXT NOT NULL CHECK (kind IN ('jti', 'sid')),
      value TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (kind, value)
    ) STRICT`,
    `CREATE INDEX denylist_expiry_idx ON denylist (expires_at)`,
    // AUTOINCREMENT: ids are never reused, even after the newest events are purged, so a reader
    // resuming from an old id cannot skip a later event that happened to get a recycled id.
    `CREATE TABLE revocation_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      subject TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) STRICT`,
    `CREATE INDEX revocation_events_expiry_idx ON revocation_events (expires_at)`,
    `CREATE TABLE clients (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('public', 'confidential')),
      secret_hash TEXT,
      grant_types TEXT NOT NULL,
      scopes TEXT NOT NULL,
      audiences TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT`,
    `CREATE TABLE signing_keys (
      kid TEXT PRIMARY KEY,
      alg TEXT NOT NULL,
      public_jwk TEXT NOT NULL,
      private_jwk TEXT NOT NULL,
      generation INTEGER NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      activates_at INTEGER NOT NULL,
      retires_at INTEGER
    ) STRICT`,
    `CREATE TABLE secrets (
      name TEXT PRIMARY KEY,
      value BLOB NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT`,
    `CREATE TABLE audit_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      type TEXT NOT NULL,
      user_id TEXT,
      ip TEXT,
      detail TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX audit_events_user_idx ON audit_events (user_id, at DESC, id DESC)`,
  ]),
  // Issue 9, finding 6: only resource servers registered for it may introspect.
  '0002_client_introspection': ddlMigration([
    `ALTER TABLE clients ADD COLUMN introspect INTEGER NOT NULL DEFAULT 0 CHECK (introspect IN (0, 1))`,
    `ALTER TABLE clients ADD COLUMN introspect_sessions INTEGER NOT NULL DEFAULT 0 CHECK (introspect_sessions IN (0, 1))`,
  ]),
  // Issue 14: operators disable accounts (`tessera users disable`); null while the user may log in.
  '0003_user_disabled': ddlMigration([`ALTER TABLE users ADD COLUMN disabled_at INTEGER`]),
  // Issue 11: OAuth 2.1 / OpenID Connect. Existing clients get no redirect URIs, so they keep
  // their grants and cannot use the code flow until an operator registers some.
  '0004_oauth_authorization': ddlMigration([
    `ALTER TABLE clients ADD COLUMN redirect_uris TEXT NOT NULL DEFAULT '[]'`,
    `ALTER TABLE clients ADD COLUMN post_logout_redirect_uris TEXT NOT NULL DEFAULT '[]'`,
    `ALTER TABLE clients ADD COLUMN backchannel_logout_uri TEXT`,
    `ALTER TABLE clients ADD COLUMN first_party INTEGER NOT NULL DEFAULT 0 CHECK (first_party IN (0, 1))`,
    `ALTER TABLE clients ADD COLUMN id_token_signed_response_alg TEXT`,
    `CREATE TABLE authorization_codes (
      code_hash TEXT PRIMARY KEY,
      client_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      redirect_uri TEXT NOT NULL,
      scope TEXT NOT NULL,
      audience TEXT NOT NULL,
      code_challenge TEXT NOT NULL,
      nonce TEXT,
      session_id TEXT NOT NULL,
      auth_time INTEGER NOT NULL,
      amr TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      consumed_at INTEGER,
      family_id TEXT
    ) STRICT`,
    `CREATE INDEX authorization_codes_expiry_idx ON authorization_codes (expires_at)`,
    `CREATE TABLE consents (
      user_id TEXT NOT NULL,
      client_id TEXT NOT NULL,
      scopes TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, client_id)
    ) STRICT`,
  ]),
  // Issue 11: a code-flow refresh family remembers the browser session it was born in, so logout
  // can end it (and tell its client, Back-Channel Logout). Older families are not bound (null).
  '0005_refresh_family_session': ddlMigration([
    `ALTER TABLE refresh_families ADD COLUMN session_id TEXT`,
  ]),
  // Issue 12: TOTP factors (seed encrypted), recovery codes (keyed hashes), passkeys and the
  // challenges of WebAuthn ceremonies in flight.
  '0020_mfa_factors': ddlMigration([
    `CREATE TABLE totp_factors (
      user_id TEXT PRIMARY KEY,
      secret_ciphertext TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      confirmed_at INTEGER,
      last_used_step INTEGER
    ) STRICT`,
    `CREATE TABLE recovery_codes (
      user_id TEXT NOT NULL,
      code_hash TEXT NOT NULL,
      PRIMARY KEY (user_id, code_hash)
    ) STRICT`,
    `CREATE TABLE passkeys (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      name TEXT NOT NULL,
      public_key TEXT NOT NULL,
      counter INTEGER NOT NULL,
      transports TEXT NOT NULL,
      device_type TEXT NOT NULL,
      backed_up INTEGER NOT NULL CHECK (backed_up IN (0, 1)),
      created_at INTEGER NOT NULL,
      last_used_at INTEGER
    ) STRICT`,
    `CREATE INDEX passkeys_user_idx ON passkeys (user_id, created_at)`,
    `CREATE TABLE webauthn_challenges (
      id_hash TEXT PRIMARY KEY,
      challenge TEXT NOT NULL,
      purpose TEXT NOT NULL,
      user_id TEXT,
      expires_at INTEGER NOT NULL
    ) STRICT`,
    `CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at)`,
  ]),
};
