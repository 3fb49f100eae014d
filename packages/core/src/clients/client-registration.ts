import { InvalidInputError } from '../errors/tessera-error.js';
import type { ClientRecord, ClientType, SigningAlgorithm } from '../model/records.js';
import { isSigningAlgorithm, signingAlgorithms } from '../model/signing-algorithms.js';
import { assertBackchannelLogoutUri, assertRedirectUri } from './redirect-uri.js';

export const supportedGrantTypes = ['authorization_code', 'refresh_token', 'password', 'client_credentials'] as const;

export interface RegisterClientInput {
  id?: string;
  name: string;
  type: ClientType;
  /** Exactly the grants the client may use; `password` only when asked for (RFC 9700 §2.4). */
  grantTypes: string[];
  scopes: string[];
  /** Default: the issuer (the server's default audience). */
  audiences?: string[];
  /** See `ClientRecord.introspect`. */
  introspect?: boolean;
  /** See `ClientRecord.introspectSessions`. */
  introspectSessions?: boolean;
  /** See `ClientRecord.redirectUris`. Required with `authorization_code`. */
  redirectUris?: string[];
  /** See `ClientRecord.postLogoutRedirectUris`. */
  postLogoutRedirectUris?: string[];
  /** See `ClientRecord.backchannelLogoutUri`. */
  backchannelLogoutUri?: string | null;
  /** See `ClientRecord.firstParty`. */
  firstParty?: boolean;
  /** See `ClientRecord.idTokenSignedResponseAlg`. */
  idTokenSignedResponseAlg?: string | null;
}

/** What a registration settles besides the id, secret and creation time. */
export type ClientSettings = Omit<ClientRecord, 'id' | 'secretHash' | 'createdAt'>;

/** Validates `input` (throws `InvalidInputError` naming the field) and fills in the defaults. */
export function clientSettings(input: RegisterClientInput, defaultAudience: string): ClientSettings {
  const grantTypes = checkGrants(input);
  const audiences = input.audiences ?? [defaultAudience];
  if (audiences.length === 0) throw new InvalidInputError('at least one audience is required', 'audiences');
  const introspectSessions = input.introspectSessions ?? false;
  const introspect = (input.introspect ?? false) || introspectSessions;
  // RFC 7662 §2.1: the introspection endpoint authenticates its callers; a public client cannot be.
  if (introspect && input.type !== 'confidential') throw new InvalidInputError('only a confidential client can introspect (RFC 7662 §2.1)', 'introspect');
  const redirectUris = unique(input.redirectUris ?? []);
  for (const uri of redirectUris) assertRedirectUri(uri, 'redirectUris');
  // OAuth 2.1 §2.3.1: every client using the code flow registers its redirect URIs.
  if (grantTypes.includes('authorization_code') && redirectUris.length === 0) {
    throw new InvalidInputError('authorization_code needs at least one redirect URI', 'redirectUris');
  }
  const postLogoutRedirectUris = unique(input.postLogoutRedirectUris ?? []);
  for (const uri of postLogoutRedirectUris) assertRedirectUri(uri, 'postLogoutRedirectUris');
  const backchannelLogoutUri = input.backchannelLogoutUri ?? null;
  if (backchannelLogoutUri !== null) assertBackchannelLogoutUri(backchannelLogoutUri, 'backchannelLogoutUri');
  return {
    name: input.name,
    type: input.type,
    grantTypes,
    scopes: unique(input.scopes),
    audiences: unique(audiences),
    introspect,
    introspectSessions,
    redirectUris,
    postLogoutRedirectUris,
    backchannelLogoutUri,
    firstParty: input.firstParty ?? false,
    idTokenSignedResponseAlg: idTokenAlg(input.idTokenSignedResponseAlg ?? null),
  };
}

function checkGrants(input: RegisterClientInput): string[] {
  if (input.grantTypes.length === 0) throw new InvalidInputError('at least one grant type is required', 'grantTypes');
  for (const grant of input.grantTypes) {
    if (!(supportedGrantTypes as readonly string[]).includes(grant)) throw new InvalidInputError(`unsupported grant type ${grant}`, 'grantTypes');
  }
  if (input.type === 'public' && input.grantTypes.includes('client_credentials')) {
    throw new InvalidInputError('client_credentials needs a confidential client (RFC 6749 §4.4)', 'grantTypes');
  }
  return unique(input.grantTypes);
}

function idTokenAlg(value: string | null): SigningAlgorithm | null {
  if (value === null) return null;
  if (!isSigningAlgorithm(value)) throw new InvalidInputError(`id token algorithm must be one of ${signingAlgorithms.join(', ')}`, 'idTokenSignedResponseAlg');
  return value;
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];
