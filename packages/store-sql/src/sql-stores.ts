import type { RevocationBus, Stores } from '@tessera/core';
import { sql, type Kysely } from 'kysely';
import type { TesseraDatabase } from './database-schema.js';
import { SqlAuditLog } from './sql-audit-log.js';
import { SqlAuthorizationCodeStore } from './sql-authorization-code-store.js';
import { SqlClientStore } from './sql-client-store.js';
import { SqlConsentStore } from './sql-consent-store.js';
import { SqlDenylistStore } from './sql-denylist-store.js';
import type { SqlDialect } from './sql-dialect.js';
import { SqlKeyStore } from './sql-key-store.js';
import { SqlRefreshTokenStore } from './sql-refresh-token-store.js';
import { SqlRevocationLog } from './sql-revocation-log.js';
import { SqlSessionStore } from './sql-session-store.js';
import { SqlUserStore } from './sql-user-store.js';
import { SqlPasskeyStore } from './sql-passkey-store.js';
import { SqlSecondFactorStore } from './sql-second-factor-store.js';

/** Rows deleted by `SqlStores.purgeExpired`, per table. */
export interface PurgeReport {
  sessions: number;
  refreshFamilies: number;
  denylist: number;
  revocationEvents: number;
  authorizationCodes: number;
}

/** Every Tessera store on one SQL database. */
export interface SqlStores extends Stores {
  readonly dialect: SqlDialect['name'];
  /** Resolves when the database answers a trivial query; rejects with `StoreUnavailableError` otherwise (health checks). */
  ping(): Promise<void>;
  /**
   * Deletes what no caller can need any more at `now`: sessions past their idle or absolute
   * expiry, refresh families past their absolute expiry (with their tokens), expired denylist
   * entries, revocation events and authorization codes past their expiry. Run it periodically (hourly is plenty); nothing depends on it
   * for correctness, since every read checks expiry itself.
   */
  purgeExpired(now: number): Promise<PurgeReport>;
}

/** Assembles the stores on `db`; `closeExtras` releases what `db.destroy()` does not (a LISTEN connection). */
export function createSqlStores(
  db: Kysely<TesseraDatabase>,
  dialect: SqlDialect,
  revocationBus: RevocationBus,
  closeExtras: () => Promise<void> = async () => {},
): SqlStores {
  const sessions = new SqlSessionStore(db, dialect);
  const refreshTokens = new SqlRefreshTokenStore(db);
  const denylist = new SqlDenylistStore(db);
  const revocationLog = new SqlRevocationLog(db, dialect);
  const authorizationCodes = new SqlAuthorizationCodeStore(db, dialect);
  let closing: Promise<void> | undefined;

  return {
    dialect: dialect.name,
    users: new SqlUserStore(db),
    sessions,
    refreshTokens,
    denylist,
    revocationLog,
    revocationBus,
    clients: new SqlClientStore(db, dialect),
    keys: new SqlKeyStore(db, dialect),
    authorizationCodes,
    consents: new SqlConsentStore(db, dialect),
    audit: new SqlAuditLog(db, dialect),
    secondFactors: new SqlSecondFactorStore(db),
    passkeys: new SqlPasskeyStore(db, dialect),
    ping: async () => {
      await sql`SELECT 1`.execute(db);
    },
    purgeExpired: async (now) => ({
      sessions: await sessions.purgeExpired(now),
      refreshFamilies: await refreshTokens.purgeExpired(now),
      denylist: await denylist.purgeExpired(now),
      revocationEvents: await revocationLog.purgeExpired(now),
      authorizationCodes: await authorizationCodes.purgeExpired(now),
    }),
    close: () =>
      (closing ??= (async () => {
        try {
          await closeExtras();
        } finally {
          await db.destroy();
        }
      })()),
  };
}
