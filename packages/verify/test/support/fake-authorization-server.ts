import type { JWK } from 'jose';
import type { FetchLike } from '../../src/http/fetch-json.js';
import { ISSUER } from './tokens.js';

/**
 * An in-memory authorization server behind an injected `fetch`: RFC 8414 metadata and a JWKS,
 * counting every request by URL so tests can assert "at most one JWKS fetch".
 */
export class FakeAuthorizationServer {
  keys: JWK[];
  readonly requests: string[] = [];
  /** When set, the JWKS answers this status. */
  jwksStatus = 200;
  /** The JWKS response's `Cache-Control`, if any. */
  jwksCacheControl: string | undefined;
  /** Extra metadata fields (e.g. `revocation_events_endpoint`). */
  metadata: Record<string, unknown> = {};
  /** Resolves pending JWKS requests only when released (to test sharing of one in-flight fetch). */
  gate: Promise<void> | undefined;

  constructor(keys: JWK[], readonly issuer = ISSUER) {
    this.keys = keys;
  }

  get jwksFetches(): number {
    return this.requests.filter((url) => url.endsWith('/jwks.json')).length;
  }

  readonly fetch: FetchLike = async (input) => {
    const url = String(input);
    this.requests.push(url);
    if (url === `${this.issuer}/.well-known/oauth-authorization-server`) {
      return Response.json({
        issuer: this.issuer,
        jwks_uri: `${this.issuer}/.well-known/jwks.json`,
        introspection_endpoint: `${this.issuer}/oauth/introspect`,
        ...this.metadata,
      });
    }
    if (url === `${this.issuer}/.well-known/jwks.json`) {
      if (this.gate !== undefined) await this.gate;
      if (this.jwksStatus !== 200) return new Response('nope', { status: this.jwksStatus });
      return Response.json({ keys: this.keys }, this.jwksCacheControl === undefined ? {} : { headers: { 'cache-control': this.jwksCacheControl } });
    }
    return new Response('not found', { status: 404 });
  };
}
