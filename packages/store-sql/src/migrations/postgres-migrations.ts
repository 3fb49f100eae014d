import type { Migration } from 'kysely';
import { ddlMigration } from './sql-migration.js';

/**
 * PostgreSQL schema, by migration name (applied in name order). Unqualified names: the pool's
 * `search_path` puts them in the configured schema. Epoch-ms times are `bigint`; JSON is `jsonb`.
 */
export const postgresMigrations: Record<string, Migration> = {
  '0001_initial': ddlMigration([
    `CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      password_changed_at bigint NOT NULL
    )`,
    `CREATE TABLE sessions (
      id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id text NOT NULL,
      created_at bigint NOT NULL,
      last_seen_at bigint NOT NULL,
      idle_expires_at bigint NOT NULL,
      absolute_expires_at bigint NOT NULL,
      user_agent text,
      ip text,
      data jsonb NOT NULL
    )`,
    `CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC)`,
    `CREATE TABLE refresh_families (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      client_id text NOT NULL,
      scope text NOT NULL,
      audience text NOT NULL,
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      revoked_at bigint
    )`,
    `CREATE INDEX refresh_families_user_idx ON refresh_families (user_id)`,
    `CREATE INDEX refresh_families_expiry_idx ON refresh_families (expires_at)`,
    // One successor per generation: a second guard, beside used_at, against a forked family.
    `CREATE TABLE refresh_tokens (
      token_hash text PRIMARY KEY,
      family_id text NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
      generation integer NOT NULL,
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      used_at bigint,
      UNIQUE (family_id, generation)
    )`,
    `CREATE TABLE denylist (
      kind text NOT NULL CHECK (kind IN ('jti', 'sid')),
      value text NOT NULL,
      expires_at bigint NOT NULL,
      PRIMARY KEY (kind, value)
    )`,
    `CREATE INDEX denylist_expiry_idx ON denylist (expires_at)`,
    `CREATE TABLE revocation_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at bigint NOT NULL,
      subject jsonb NOT NULL,
      expires_at bigint NOT NULL
    )`,
    `CREATE INDEX revocation_events_expiry_idx ON revocation_events (expires_at)`,
    `CREATE TABLE clients (
      id text PRIMARY KEY,
      name text NOT NULL,
      type text NOT NULL CHECK (type IN ('public', 'confidential')),
      secret_hash text,
      grant_types jsonb NOT NULL,
      scopes jsonb NOT NULL,
      audiences jsonb NOT NULL,
      created_at bigint NOT NULL
    )`,
    // UNIQUE (generation) is what makes N instances starting at once create one key.
    `CREATE TABLE signing_keys (
      kid text PRIMARY KEY,
      alg text NOT NULL,
      public_jwk jsonb NOT NULL,
      private_jwk jsonb NOT NULL,
      generation integer NOT NULL UNIQUE,
      created_at bigint NOT NULL,
      activates_at bigint NOT NULL,
      retires_at bigint
    )`,
    `CREATE TABLE secrets (
      name text PRIMARY KEY,
      value bytea NOT NULL,
      created_at bigint NOT NULL
    )`,
    `CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at bigint NOT NULL,
      type text NOT NULL,
      user_id text,
      ip text,
      detail jsonb NOT NULL
    )`,
    `CREATE INDEX audit_events_user_idx ON audit_events (user_id, at DESC, id DESC)`,
  ]),
  // Issue 9, finding 6: only resource servers registered for it may introspect.
  '0002_client_introspection': ddlMigration([
    `ALTER TABLE clients ADD COLUMN introspect boolean NOT NULL DEFAULT false`,
    `ALTER TABLE clients ADD COLUMN introspect_sessions boolean NOT NULL DEFAULT false`,
  ]),
  // Issue 14: operators disable accounts (`tessera users disable`); null while the user may log in.
  '0003_user_disabled': ddlMigration([`ALTER TABLE users ADD COLUMN disabled_at bigint`]),
  // Issue 11: OAuth 2.1 / OpenID Connect. Existing clients get no redirect URIs, so they keep
  // their grants and cannot use the code flow until an operator registers some.
  '0004_oauth_authorization': ddlMigration([
    `ALTER TABLE clients ADD COLUMN redirect_uris jsonb NOT NULL DEFAULT '[]'`,
    `ALTER TABLE clients ADD COLUMN post_logout_redirect_uris jsonb NOT NULL DEFAULT '[]'`,
    `ALTER TABLE clients ADD COLUMN backchannel_logout_uri text`,
    `ALTER TABLE clients ADD COLUMN first_party boolean NOT NULL DEFAULT false`,
    `ALTER TABLE clients ADD COLUMN id_token_signed_response_alg text`,
    `CREATE TABLE authorization_codes (
      code_hash text PRIMARY KEY,
      client_id text NOT NULL,
      user_id text NOT NULL,
      redirect_uri text NOT NULL,
      scope text NOT NULL,
      audience text NOT NULL,
      code_challenge text NOT NULL,
      nonce text,
      session_id text NOT NULL,
      auth_time bigint NOT NULL,
      amr jsonb NOT NULL,
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      consumed_at bigint,
      family_id text
    )`,
    `CREATE INDEX authorization_codes_expiry_idx ON authorization_codes (expires_at)`,
    `CREATE TABLE consents (
      user_id text NOT NULL,
      client_id text NOT NULL,
      scopes jsonb NOT NULL,
      created_at bigint NOT NULL,
      updated_at bigint NOT NULL,
      PRIMARY KEY (user_id, client_id)
    )`,
  ]),
  // Issue 11: a code-flow refresh family remembers the browser session it was born in, so logout
  // can end it (and tell its client, Back-Channel Logout). Older families are not bound (null).
  '0005_refresh_family_session': ddlMigration([
    `ALTER TABLE refresh_families ADD COLUMN session_id text`,
  ]),
  // Issue 12: TOTP factors (seed encrypted), recovery codes (keyed hashes), passkeys and the
  // challenges of WebAuthn ceremonies in flight.
  '0020_mfa_factors': ddlMigration([
    `CREATE TABLE totp_factors (
      user_id text PRIMARY KEY,
      secret_ciphertext text NOT NULL,
      created_at bigint NOT NULL,
      confirmed_at bigint,
      last_used_step bigint
    )`,
    `CREATE TABLE recovery_codes (
      user_id text NOT NULL,
      code_hash text NOT NULL,
      PRIMARY KEY (user_id, code_hash)
    )`,
    `CREATE TABLE passkeys (
      id text PRIMARY KEY,
      user_id text NOT NULL,
      name text NOT NULL,
      public_key text NOT NULL,
      counter bigint NOT NULL,
      transports jsonb NOT NULL,
      device_type text NOT NULL,
      backed_up boolean NOT NULL,
      created_at bigint NOT NULL,
      last_used_at bigint
    )`,
    `CREATE INDEX passkeys_user_idx ON passkeys (user_id, created_at)`,
    `CREATE TABLE webauthn_challenges (
      id_hash text PRIMARY KEY,
      challenge text NOT NULL,
      purpose text NOT NULL,
      user_id text,
      expires_at bigint NOT NULL
    )`,
    `CREATE INDEX webauthn_challenges_expiry_idx ON webauthn_challenges (expires_at)`,
  ]),
};
