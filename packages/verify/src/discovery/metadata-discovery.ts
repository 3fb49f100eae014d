import { fetchJson, type FetchLike } from '../http/fetch-json.js';

/** The RFC 8414 metadata fields the verifier reads. */
export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly jwks_uri?: string;
  readonly introspection_endpoint?: string;
  /** Tessera's extension: the revocation event stream (Server-Sent Events). */
  readonly tessera_revocation_events_endpoint?: string;
  /** Tessera's extension: the JWKS of the key that signs revocation events (not `jwks_uri`). */
  readonly tessera_revocation_events_jwks_uri?: string;
  readonly [field: string]: unknown;
}

/**
 * RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path, so
 * `https://as.example/tenant` is discovered at
 * `https://as.example/.well-known/oauth-authorization-server/tenant`. For an issuer without a path
 * this is simply `${issuer}/.well-known/oauth-authorization-server`.
 */
export function metadataUrl(issuer: string): string {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-authorization-server${path}`;
}

/**
 * Fetches the issuer's metadata once and keeps it for the verifier's lifetime. A failure is not
 * remembered (the next caller tries again); concurrent callers share one request.
 */
export class MetadataDiscovery {
  #metadata: AuthorizationServerMetadata | undefined;
  #inFlight: Promise<AuthorizationServerMetadata> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly fetch: FetchLike,
  ) {}

  get(): Promise<AuthorizationServerMetadata> {
    if (this.#metadata !== undefined) return Promise.resolve(this.#metadata);
    this.#inFlight ??= this.#discover().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #discover(): Promise<AuthorizationServerMetadata> {
    const document = await fetchJson(this.fetch, metadataUrl(this.issuer), { headers: { accept: 'application/json' } });
    // RFC 8414 §3.3: the metadata must name exactly the issuer we asked about.
    if (document.issuer !== this.issuer) throw new Error('authorization server metadata names another issuer');
    for (const field of ['jwks_uri', 'introspection_endpoint', 'tessera_revocation_events_endpoint', 'tessera_revocation_events_jwks_uri'] as const) {
      if (document[field] !== undefined && typeof document[field] !== 'string') throw new Error(`authorization server metadata "${field}" is not a string`);
    }
    this.#metadata = document as AuthorizationServerMetadata;
    return this.#metadata;
  }
}
