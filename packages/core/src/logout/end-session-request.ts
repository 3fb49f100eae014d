import { LogoutRefusedError } from '../errors/tessera-error.js';
import type { ClientRecord } from '../model/records.js';
import type { IdTokenHint, IdTokenHintVerifier } from './id-token-hint.js';

/** A validated RP-initiated logout request (OIDC RP-Initiated Logout 1.0 §2). */
export interface EndSessionRequest {
  /** The client named by `client_id` or by the hint's audience; null when neither names one. */
  client: ClientRecord | null;
  /** The verified `id_token_hint`, if one was sent. */
  hint: IdTokenHint | null;
  /** A registered `post_logout_redirect_uri` of `client` (exact match), or null: no redirect. */
  postLogoutRedirectUri: string | null;
  /** Echoed to the redirect; ignored without one. */
  state: string | null;
}

const parameterNames = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'] as const;
type Parameters = Partial<Record<(typeof parameterNames)[number], string>>;

/**
 * The checks of the end-session endpoint, in the order of RP-Initiated Logout 1.0 §2-§3: each
 * parameter once, the hint verified, `client_id` (if given) among the hint's audiences, and a
 * `post_logout_redirect_uri` only for an identified client that registered exactly that URI
 * (else the OP would be an open redirector). `ui_locales` and `logout_hint` are ignored.
 */
export class EndSessionRequests {
  constructor(
    private readonly hints: IdTokenHintVerifier,
    private readonly findClient: (id: string) => Promise<ClientRecord | null>,
  ) {}

  async validate(source: Readonly<Record<string, unknown>>): Promise<EndSessionRequest> {
    const params = singleValued(source);
    const hint = params.id_token_hint === undefined ? null : await this.hints.verify(params.id_token_hint);
    const client = await this.#client(params.client_id, hint);
    const redirect = params.post_logout_redirect_uri;
    if (redirect !== undefined) {
      if (client === null) throw new LogoutRefusedError('bad_post_logout_redirect_uri', 'post_logout_redirect_uri needs client_id or id_token_hint to name the client');
      // Exact string comparison (RP-Initiated Logout §3, as for redirect URIs: RFC 9700 §4.1.3).
      if (!client.postLogoutRedirectUris.includes(redirect)) throw new LogoutRefusedError('bad_post_logout_redirect_uri', 'post_logout_redirect_uri is not registered for this client');
    }
    return { client, hint, postLogoutRedirectUri: redirect ?? null, state: params.state ?? null };
  }

  async #client(clientId: string | undefined, hint: IdTokenHint | null): Promise<ClientRecord | null> {
    // §2: when both are given, the OP checks that the client is the hint's audience.
    if (clientId !== undefined && hint !== null && !hint.audiences.includes(clientId)) throw new LogoutRefusedError('bad_id_token_hint', 'id_token_hint was not issued to client_id');
    const id = clientId ?? (hint?.audiences.length === 1 ? hint.audiences[0] : undefined);
    if (id === undefined) return null;
    const client = await this.findClient(id);
    if (client === null) throw new LogoutRefusedError('unknown_client', 'no such client');
    return client;
  }
}

/** The redirect back to the client: its registered URI with `state` added (RP-Initiated Logout §3). */
export function postLogoutRedirect(request: EndSessionRequest): string | null {
  if (request.postLogoutRedirectUri === null) return null;
  const url = new URL(request.postLogoutRedirectUri);
  if (request.state !== null) url.searchParams.set('state', request.state);
  return url.toString();
}

function singleValued(source: Readonly<Record<string, unknown>>): Parameters {
  const params: Parameters = {};
  for (const name of parameterNames) {
    if (!Object.hasOwn(source, name)) continue;
    const value = source[name];
    if (typeof value !== 'string') throw new LogoutRefusedError('invalid_request', `${name} must be given once`);
    if (value !== '') params[name] = value;
  }
  return params;
}
