import type { KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Clock } from './clock.js';
import type { ClientCredentials } from './http/client-authorization.js';

export type { ClientCredentials };
import type { FetchLike } from './http/fetch-json.js';
import type { Algorithm } from './jws/algorithms.js';
import type { RevocationSource } from './revocation/revocation-source.js';

/**
 * How old the revocation knowledge behind an accepted request may be:
 *
 * - `0`: ask the server (RFC 7662 introspection, not cached) on every request;
 * - a number of seconds `N`: trust the pushed revocation state while it is at most `N` seconds
 *   old, then refuse with `revocation_state_stale` (fail closed);
 * - `'exp'`: pure stateless JWT; a token stays valid until it expires (a subscribed revocation
 *   set is still consulted, but its age never refuses a request).
 */
export type MaxStaleness = number | 'exp';

/** RFC 7662 introspection settings (client authentication: the verifier's `client`, `client_secret_basic`). */
export interface IntrospectionOptions {
  /** Default: `introspection_endpoint` from the issuer's RFC 8414 metadata. */
  readonly endpoint?: string;
  /** @deprecated Use the verifier's `client` option (one set of credentials for introspection and the stream). */
  readonly clientId?: string;
  /** @deprecated Use the verifier's `client` option. */
  readonly clientSecret?: string;
  /** How long an answer is reused, ms. Default 0 (ask every time). Never beyond the token's `exp`. */
  readonly cacheMs?: number;
  /** Bound of the answer cache. Default 10 000. */
  readonly maxEntries?: number;
}

/** Request headers, or a function returning them (called for every connection: rotating credentials). */
export type StreamHeaders = Readonly<Record<string, string>> | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>);

/** How the verifier connects to the server's revocation stream. */
export interface RevocationStreamOptions {
  /**
   * Extra request headers for the stream (e.g. for a proxy in front of it). `accept`,
   * `cache-control` and `last-event-id` are the verifier's own, and so is `authorization` when
   * `client` is given (the stream authenticates the client with HTTP Basic).
   */
  readonly headers?: StreamHeaders;
}

/**
 * Options of {@link createVerifier}. Only `issuer` and `audience` are required: keys come from
 * RFC 8414 discovery and the JWKS. Invalid values or combinations throw `TypeError` at once.
 */
export interface VerifierOptions {
  /** Exact `iss` of accepted tokens, and the base of discovery and the revocation stream. */
  readonly issuer: string;
  /**
   * This service's name: the token's `aud` must contain it (or one of them).
   *
   * `false` leaves the audience to the caller: `aud` must still be present and well-formed, but may
   * name anyone. Only for a caller that checks `aud` itself, such as the Tessera server verifying
   * its own tokens for introspection and revocation, which accept tokens of every audience.
   */
  readonly audience: string | readonly string[] | false;
  /**
   * Allowed algorithms. Default: `EdDSA`, `Ed25519`, `ES256`, `RS256`, `PS256`, or `HS256` when a
   * `secret` is given. Each key is further pinned to its own type (an RSA key never serves ES256).
   */
  readonly algorithms?: readonly Algorithm[];
  /** Leeway for `exp`, `nbf` and `iat`, seconds. Default 5, at most 60. */
  readonly clockToleranceSeconds?: number;
  /** Scopes every token must carry (routes may require more). Default none. */
  readonly requiredScopes?: readonly string[];
  /** JWKS location. Default: `jwks_uri` from `${issuer}/.well-known/oauth-authorization-server`. */
  readonly jwksUri?: string;
  /** Injected `fetch`. Default `globalThis.fetch`. */
  readonly fetch?: FetchLike;
  /** An unknown `kid` reloads the key set at most once per this many ms. Default 30 000. */
  readonly jwksCooldownMs?: number;
  /**
   * The key set is reloaded (in the background, old keys serving meanwhile) after this many ms.
   * Default 300 000. A JWKS response's `Cache-Control: max-age` shortens it (never below 1 s);
   * it never lengthens it.
   */
  readonly jwksCacheMaxAgeMs?: number;
  /**
   * A local JWKS instead of fetching one (the Tessera server verifying its own tokens in-process):
   * no network for keys. A function is called again when a `kid` is unknown (cooldown applies) and
   * after `jwksCacheMaxAgeMs`, so key rotation works in-process too. Reading it costs no network,
   * so short values (e.g. `jwksCooldownMs: 0`, `jwksCacheMaxAgeMs: 1000`) are reasonable here.
   */
  readonly keys?: JSONWebKeySet | (() => JSONWebKeySet | Promise<JSONWebKeySet>);
  /**
   * A shared HS256 secret (at least 32 bytes) for a single-service setup. Excludes `keys` and
   * `jwksUri`; only HS256 is then accepted.
   */
  readonly secret?: string | Uint8Array | KeyObject;
  /** Verified-token cache, keyed by the whole token. Default off. */
  readonly cache?: { readonly maxEntries: number } | false;
  /**
   * `'subscribe'` follows the server's revocation stream (`tessera_revocation_events_endpoint`
   * from the metadata, else `${issuer}/oauth/revocations/stream`; needs `client`); a {@link RevocationSource} feeds
   * revocations from elsewhere; `'none'` (default) keeps no revocation state.
   */
  readonly revocations?: 'none' | 'subscribe' | RevocationSource;
  /** Default `'exp'` without a revocation source, 60 seconds with one. See {@link MaxStaleness}. */
  readonly maxStaleness?: MaxStaleness;
  /** Settings of the revocation stream (with `revocations: 'subscribe'` only). */
  readonly revocationStream?: RevocationStreamOptions;
  /** Required for `maxStaleness: 0` and for opaque tokens or session ids. */
  readonly introspection?: IntrospectionOptions;
  /**
   * This resource server's client at the authorization server (registered with
   * `tessera clients add --type confidential --introspect`): authenticates the revocation stream
   * (required with `revocations: 'subscribe'`) and introspection. Every event on the stream is
   * addressed to it (`aud` = `id`).
   */
  readonly client?: ClientCredentials;
  /** Default `Date.now`. */
  readonly clock?: Clock;
}

/** Per-request options of `verifier.verify()`: one route may demand more than the verifier's defaults. */
export interface VerifyOptions {
  /** Scopes this request needs, in addition to the verifier's `requiredScopes`. */
  readonly requiredScopes?: readonly string[];
  /** This request's staleness budget, instead of the verifier's. */
  readonly maxStaleness?: MaxStaleness;
}
