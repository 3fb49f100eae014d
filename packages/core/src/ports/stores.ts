import type { AuditLog } from './audit-log.js';
import type { AuthorizationCodeStore } from './authorization-code-store.js';
import type { ClientStore } from './client-store.js';
import type { ConsentStore } from './consent-store.js';
import type { DenylistStore } from './denylist-store.js';
import type { KeyStore } from './key-store.js';
import type { PasskeyStore } from './passkey-store.js';
import type { RefreshTokenStore } from './refresh-token-store.js';
import type { RevocationBus } from './revocation-bus.js';
import type { RevocationLog } from './revocation-log.js';
import type { SecondFactorStore } from './second-factor-store.js';
import type { SessionStore } from './session-store.js';
import type { UserStore } from './user-store.js';

/** Everything the core needs from storage, composed by the server from configuration. */
export interface Stores {
  users: UserStore;
  sessions: SessionStore;
  refreshTokens: RefreshTokenStore;
  denylist: DenylistStore;
  revocationLog: RevocationLog;
  revocationBus: RevocationBus;
  clients: ClientStore;
  keys: KeyStore;
  /** Single-use OAuth authorization codes (atomic `consume`). */
  authorizationCodes: AuthorizationCodeStore;
  /** Remembered per-user, per-client consent. */
  consents: ConsentStore;
  audit: AuditLog;
  /** TOTP factors and recovery codes (atomic single use of a time step and of a code). */
  secondFactors: SecondFactorStore;
  /** WebAuthn credentials and the challenges of ceremonies in flight. */
  passkeys: PasskeyStore;
  /**
   * Deletes records no caller can need any more at `now` (expired sessions, families, denylist
   * entries, revocation events, authorization codes). Optional: stores whose records expire by themselves (Redis TTLs,
   * memory) may omit it. Nothing depends on it for correctness; every read checks expiry.
   */
  purgeExpired?(now: number): Promise<unknown>;
  /** Releases connections. Idempotent. */
  close(): Promise<void>;
}
