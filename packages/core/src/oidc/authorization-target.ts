import { InvalidClientError, InvalidRedirectUriError } from '../errors/tessera-error.js';
import type { ClientRecord } from '../model/records.js';
import type { AuthorizationParameters } from './authorization-parameters.js';
import type { AuthorizationTarget } from './authorization-request.js';
import { isRegisteredRedirectUri } from './redirect-uri-match.js';

/**
 * The first step of the authorization endpoint: who asks, and where an answer may go. Until both
 * are known good nothing is redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.11): an unknown client
 * throws `InvalidClientError`, a missing, repeated or unregistered `redirect_uri`
 * `InvalidRedirectUriError`, and the endpoint shows an error page instead.
 */
export async function resolveAuthorizationTarget(
  params: AuthorizationParameters,
  findClient: (id: string) => Promise<ClientRecord | null>,
): Promise<AuthorizationTarget> {
  const clientId = params.isRepeated('client_id') ? undefined : params.peek('client_id');
  const client = clientId === undefined || clientId.length > 128 ? null : await findClient(clientId);
  if (!client) throw new InvalidClientError('unknown client');
  // OIDC Core §3.1.2.1 makes redirect_uri REQUIRED; with it always present, the token request's
  // repeat of it (RFC 6749 §4.1.3) is always checked.
  const redirectUri = params.isRepeated('redirect_uri') ? undefined : params.peek('redirect_uri');
  if (redirectUri === undefined) throw new InvalidRedirectUriError('redirect_uri is required');
  if (redirectUri.length > 2048 || !isRegisteredRedirectUri(client.redirectUris, redirectUri)) {
    throw new InvalidRedirectUriError('redirect_uri is not registered for this client');
  }
  return { client, redirectUri, state: params.isRepeated('state') ? null : (params.peek('state') ?? null) };
}
