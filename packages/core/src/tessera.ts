import { ClientService } from './clients/client-service.js';
import { TokenService } from './grants/token-service.js';
import { KeyManager } from './keys/key-manager.js';
import { PasswordHasher, type PasswordHasherOptions } from './passwords/password-hasher.js';
import { PasswordPolicy, type PasswordPolicyOptions } from './passwords/password-policy.js';
import type { AccessTokenVerifier } from './ports/access-token-verifier.js';
import { systemClock, type Clock } from './ports/clock.js';
import { systemRandom, type Random } from './ports/random.js';
import type { Stores } from './ports/stores.js';
import { RevocationService } from './revocation/revocation-service.js';
import { SessionService } from './sessions/session-service.js';
import { resolveCoreSettings, type CoreSettings, type CoreSettingsInput } from './settings/core-settings.js';
import { AccessTokenIssuer } from './tokens/access-token-issuer.js';
import { JoseAccessTokenVerifier } from './tokens/jose-access-token-verifier.js';
import { RefreshTokenService } from './tokens/refresh-token-service.js';
import type { UserRecord } from './model/records.js';
import { AccountService } from './users/account-service.js';
import { EndSessionRequests } from './logout/end-session-request.js';
import { IdTokenHintVerifier } from './logout/id-token-hint.js';
import type { LogoutServices } from './logout/logout-services.js';
import { LogoutTokenIssuer } from './logout/logout-token-issuer.js';
import { SessionLogout } from './logout/session-logout.js';
import { createOidcServices, idTokenAlgorithmsInUse, type OidcServices } from './oidc/oidc-services.js';
import { MfaTokenCodec } from './factors/mfa-token.js';
import { SecondFactorService } from './factors/second-factor-service.js';
import { SecretBox } from './factors/secret-box.js';
import { TotpAuthenticator } from './factors/totp-authenticator.js';
import { TwoStepLogin } from './factors/two-step-login.js';

export interface TesseraOptions {
  stores: Stores;
  settings: CoreSettingsInput;
  clock?: Clock;
  random?: Random;
  passwordPolicy?: PasswordPolicyOptions;
  passwordHashing?: PasswordHasherOptions;
  /**
   * Builds the verifier for this server's own access tokens. Default: plain `jose` over the local
   * key set. The server passes `@tessera/verify` (its fast path) here.
   */
  createVerifier?: (keys: KeyManager, settings: CoreSettings, clock: Clock) => AccessTokenVerifier;
}

/** The composed core: every service, wired to one set of stores. Framework-free. */
export interface Tessera {
  settings: CoreSettings;
  stores: Stores;
  clock: Clock;
  keys: KeyManager;
  accounts: AccountService;
  sessions: SessionService;
  refreshTokens: RefreshTokenService;
  accessTokens: AccessTokenIssuer;
  tokens: TokenService;
  clients: ClientService;
  revocation: RevocationService;
  /** The authorization-code flow and OpenID Connect (authorize, code grant, ID tokens, UserInfo). */
  oidc: OidcServices;
  /** RP-Initiated and Back-Channel Logout (OIDC): what ends with a browser session, and who is told. */
  logout: LogoutServices;
  /** TOTP and recovery codes (passkey records are in `stores.passkeys`; the ceremonies are the server's). */
  factors: SecondFactorService;
  /** The two-step login of accounts with a second factor. */
  twoStepLogin: TwoStepLogin;
  /**
   * Password change that also ends every other session and every refresh family of the user
   * (ASVS 5.0 V7.4.3), keeping the session `keepSessionId` if given.
   */
  changePassword(userId: string, current: unknown, next: unknown, keepSessionId?: string, context?: { ip?: string | null }): Promise<void>;
  /**
   * Disables the account (every later login fails as a wrong password would), then ends every
   * session and refresh family of the user, which denies their live access tokens by `sid`.
   */
  disableUser(userId: string, context?: { ip?: string | null }): Promise<UserRecord>;
  /** Ends the user's credentials as `disableUser` does, then deletes the account. */
  removeUser(userId: string, context?: { ip?: string | null }): Promise<UserRecord>;
  close(): Promise<void>;
}

/** Composes the core from stores and settings. Loads (or creates) signing keys and server secrets. */
export async function createTessera(options: TesseraOptions): Promise<Tessera> {
  const settings = resolveCoreSettings(options.settings);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const { stores } = options;

  const keys = new KeyManager(stores.keys, settings, clock, random);
  await keys.init(await idTokenAlgorithmsInUse(stores, settings));
  const [csrfKey, successorKey, factorKey, recoveryKey, mfaTokenKey] = await Promise.all([
    keys.secret('csrf-hmac'),
    keys.secret('refresh-successor-hmac'),
    keys.secret('totp-seed-encryption'),
    keys.secret('recovery-code-hmac'),
    keys.secret('mfa-token-hmac'),
  ]);

  const revocation = new RevocationService(stores.denylist, stores.revocationLog, stores.revocationBus, settings, clock);
  const accounts = new AccountService(
    stores.users,
    new PasswordHasher(options.passwordHashing),
    new PasswordPolicy(options.passwordPolicy),
    stores.audit,
    clock,
    random,
  );
  const refreshTokens = new RefreshTokenService(stores.refreshTokens, revocation, settings, clock, random, successorKey);
  const sessionLogout = new SessionLogout(refreshTokens);
  const sessions = new SessionService(stores.sessions, revocation, settings, clock, random, csrfKey, (userId, ids) => sessionLogout.sessionsEnded(userId, ids));
  const accessTokens = new AccessTokenIssuer(keys, settings, clock, random);
  const verifier = options.createVerifier?.(keys, settings, clock) ?? new JoseAccessTokenVerifier(keys, settings, clock);
  const factors = new SecondFactorService(
    stores.secondFactors,
    stores.passkeys,
    new TotpAuthenticator(new URL(settings.issuer).host),
    new SecretBox(factorKey, random),
    recoveryKey,
    clock,
    random,
  );
  const twoStepLogin = new TwoStepLogin(stores.users, factors, new MfaTokenCodec(mfaTokenKey, random), clock);
  const tokens = new TokenService(accounts, sessions, refreshTokens, accessTokens, verifier, revocation, clock, settings.defaultAudience, factors);
  const clients = new ClientService(stores.clients, clock, random, settings.defaultAudience);
  const oidc = createOidcServices({ stores, settings, clock, random, keys, clients, refreshTokens, accessTokens, verifier, revocation });
  const logout: LogoutServices = {
    requests: new EndSessionRequests(new IdTokenHintVerifier(keys, settings), (id) => clients.find(id)),
    sessions: sessionLogout,
    tokens: new LogoutTokenIssuer(keys, settings, clock, random),
  };

  async function revokeCredentials(userId: string): Promise<void> {
    await sessions.revokeAllForUser(userId);
    await refreshTokens.revokeAllForUser(userId);
    await revocation.revokeUser(userId);
  }

  return {
    settings,
    stores,
    clock,
    keys,
    accounts,
    sessions,
    refreshTokens,
    accessTokens,
    tokens,
    clients,
    revocation,
    oidc,
    logout,
    factors,
    twoStepLogin,
    async changePassword(userId, current, next, keepSessionId, context = {}) {
      await accounts.changePassword(userId, current, next, context);
      await sessions.revokeAllForUser(userId, keepSessionId);
      await refreshTokens.revokeAllForUser(userId);
      await revocation.revokeUser(userId);
    },
    async disableUser(userId, context = {}) {
      const user = await accounts.disable(userId, context);
      await revokeCredentials(userId);
      return user;
    },
    async removeUser(userId, context = {}) {
      // Disabled first: a login racing the removal cannot start a new session in between.
      await accounts.disable(userId, context);
      await revokeCredentials(userId);
      await factors.removeAllForUser(userId);
      return accounts.remove(userId, context);
    },
    close: () => stores.close(),
  };
}
