import type { ClientService } from '../clients/client-service.js';
import type { KeyManager } from '../keys/key-manager.js';
import type { SigningAlgorithm } from '../model/records.js';
import type { AccessTokenVerifier } from '../ports/access-token-verifier.js';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';
import type { Stores } from '../ports/stores.js';
import type { RevocationService } from '../revocation/revocation-service.js';
import type { CoreSettings } from '../settings/core-settings.js';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer.js';
import type { RefreshTokenService } from '../tokens/refresh-token-service.js';
import { AuthorizationCodeGrant } from './authorization-code-grant.js';
import { AuthorizationCodeService } from './authorization-code-service.js';
import { AuthorizationService } from './authorization-service.js';
import { ConnectedApps } from './connected-apps.js';
import { ConsentPolicy } from './consent-policy.js';
import { IdTokenIssuer } from './id-token-issuer.js';
import { UserInfoService } from './userinfo-service.js';

/** The OpenID Connect / authorization-code part of the core. */
export interface OidcServices {
  authorization: AuthorizationService;
  codes: AuthorizationCodeService;
  codeGrant: AuthorizationCodeGrant;
  consents: ConsentPolicy;
  /** The account page's "apps with access" and their withdrawal. */
  connectedApps: ConnectedApps;
  idTokens: IdTokenIssuer;
  userInfo: UserInfoService;
}

export interface OidcDependencies {
  stores: Stores;
  settings: CoreSettings;
  clock: Clock;
  random: Random;
  keys: KeyManager;
  clients: ClientService;
  refreshTokens: RefreshTokenService;
  accessTokens: AccessTokenIssuer;
  verifier: AccessTokenVerifier;
  revocation: RevocationService;
}

export function createOidcServices(deps: OidcDependencies): OidcServices {
  const { stores, settings, clock, random, refreshTokens } = deps;
  // A replayed code kills what its first redemption issued: the refresh family (if any) and every
  // access token carrying its `sid` (RFC 6749 §4.1.2).
  const codes = new AuthorizationCodeService(stores.authorizationCodes, settings, clock, random, (code) =>
    refreshTokens.revokeFamily({ id: code.familyId, userId: code.userId }),
  );
  const consents = new ConsentPolicy(stores.consents, clock);
  const idTokens = new IdTokenIssuer(deps.keys, settings, clock);
  return {
    authorization: new AuthorizationService((id) => deps.clients.find(id), consents, codes, clock),
    codes,
    codeGrant: new AuthorizationCodeGrant(codes, refreshTokens, deps.accessTokens, idTokens, stores.users, deps.revocation, settings, random),
    consents,
    connectedApps: new ConnectedApps(stores.consents, refreshTokens),
    idTokens,
    userInfo: new UserInfoService(deps.verifier, deps.revocation, stores.users),
  };
}

/**
 * The ID-token algorithms with a key to keep: the default and each code-flow client's own, so a
 * restart does not retire a key whose ID tokens are live. (A client registered later gets its
 * key on first use: `KeyManager.signingKey` creates it.)
 */
export async function idTokenAlgorithmsInUse(stores: Pick<Stores, 'clients'>, settings: Pick<CoreSettings, 'idTokenSigningAlgorithm'>): Promise<SigningAlgorithm[]> {
  const clients = await stores.clients.list();
  const codeFlow = clients.filter((client) => client.grantTypes.includes('authorization_code'));
  if (codeFlow.length === 0) return [];
  return [...new Set(codeFlow.map((client) => client.idTokenSignedResponseAlg ?? settings.idTokenSigningAlgorithm))];
}
