import { constantTimeEqual } from '../crypto/constant-time-equal.js';
import { generateOpaqueToken, hashOpaqueToken } from '../crypto/opaque-token.js';
import { InvalidClientError, InvalidInputError, NotFoundError } from '../errors/tessera-error.js';
import type { ClientRecord } from '../model/records.js';
import type { Clock } from '../ports/clock.js';
import type { ClientStore } from '../ports/client-store.js';
import type { Random } from '../ports/random.js';
import { hasUserIdShape } from '../users/user-id.js';
import { clientSettings, type RegisterClientInput } from './client-registration.js';

/** The built-in first-party client: what a missing `client_id` means on the token endpoint. */
export const firstPartyClientId = 'tessera';

const clientIdShape = /^[A-Za-z0-9._~-]{3,64}$/;

/** The client registry. Confidential clients' secrets are shown once at registration and stored hashed. */
export class ClientService {
  readonly #firstParty: ClientRecord;
  readonly #defaultAudience: string;

  constructor(
    private readonly store: ClientStore,
    private readonly clock: Clock,
    private readonly random: Random,
    defaultAudience: string,
  ) {
    this.#defaultAudience = defaultAudience;
    // Keeps the password grant so the README tour (and existing first-party apps) still work;
    // registered clients get it only when asked for.
    this.#firstParty = {
      id: firstPartyClientId,
      name: 'Tessera first-party client',
      type: 'public',
      secretHash: null,
      grantTypes: ['password', 'refresh_token'],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      audiences: [defaultAudience],
      introspect: false,
      introspectSessions: false,
      redirectUris: [],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      firstParty: true,
      idTokenSignedResponseAlg: null,
      createdAt: 0,
    };
  }

  async register(input: RegisterClientInput): Promise<{ client: ClientRecord; secret: string | null }> {
    const id = input.id ?? generateOpaqueToken(this.random, 12);
    if (!clientIdShape.test(id) || id === firstPartyClientId) throw new InvalidInputError('client id is not acceptable', 'id');
    // A client token's `sub` is its client id (RFC 9068 §2.2): it must never read as a user's.
    if (hasUserIdShape(id)) throw new InvalidInputError('client id has the shape of a user id', 'id');
    const settings = clientSettings(input, this.#defaultAudience);
    const secret = input.type === 'confidential' ? generateOpaqueToken(this.random, 32) : null;
    const client: ClientRecord = { id, secretHash: secret === null ? null : hashOpaqueToken(secret), ...settings, createdAt: this.clock.now() };
    await this.store.create(client);
    return { client, secret };
  }

  async find(id: string): Promise<ClientRecord | null> {
    if (id === firstPartyClientId) return structuredClone(this.#firstParty);
    return this.store.findById(id);
  }

  async list(): Promise<ClientRecord[]> {
    return [structuredClone(this.#firstParty), ...(await this.store.list())];
  }

  /**
   * Deletes a registered client: it can no longer authenticate or obtain tokens. Tokens it already
   * holds live until they expire. The built-in first-party client cannot be removed. Throws
   * `NotFoundError` for an unknown id.
   */
  async remove(id: string): Promise<void> {
    if (id === firstPartyClientId) throw new InvalidInputError('the built-in first-party client cannot be removed', 'id');
    if (!(await this.store.remove(id))) throw new NotFoundError('no such client');
  }

  /**
   * RFC 6749 §2.3: confidential clients must present their secret (compared in constant time);
   * public clients are identified, not authenticated.
   */
  async authenticate(clientId: string | undefined, secret: string | undefined): Promise<ClientRecord> {
    const client = await this.find(clientId ?? firstPartyClientId);
    if (!client) throw new InvalidClientError('client authentication failed');
    if (client.type === 'confidential') {
      if (!secret || client.secretHash === null || !constantTimeEqual(hashOpaqueToken(secret), client.secretHash)) {
        throw new InvalidClientError('client authentication failed');
      }
    } else if (secret !== undefined && secret !== '') {
      throw new InvalidClientError('public clients have no secret');
    }
    return client;
  }
}
