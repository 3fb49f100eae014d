import type { AccessTokenClaims, Claims } from './claims.js';
import { MetadataDiscovery } from './discovery/metadata-discovery.js';
import { cacheControlMaxAgeMs } from './http/cache-control.js';
import { basicAuthorization } from './http/client-authorization.js';
import { fetchJsonResponse } from './http/fetch-json.js';
import { DEFAULT_ASYMMETRIC_ALGORITHMS } from './jws/algorithms.js';
import { IntrospectionClient } from './introspection/introspection-client.js';
import type { KeyResolver } from './keys/key-resolver.js';
import { KeySet } from './keys/key-set.js';
import { SecretKeyResolver } from './keys/secret-key.js';
import { checkVerifyOptions, resolveOptions, type ResolvedOptions } from './resolve-options.js';
import type { RevocationSource } from './revocation/revocation-source.js';
import { RevocationSubscription } from './revocation/revocation-subscription.js';
import { TokenVerifier } from './token-verifier.js';
import type { VerifierOptions, VerifyOptions } from './verifier-options.js';
import { VerifierStats, type VerifierMetrics } from './verifier-metrics.js';
import { VerifyError } from './verify-error.js';

/**
 * What {@link createVerifier} returns. `C` is {@link AccessTokenClaims} when the verifier has no
 * `introspection` (it then accepts JWTs only), {@link Claims} otherwise.
 */
export interface Verifier<C extends Claims = Claims> {
  /**
   * Verifies an access token (a JWT, or an opaque token / session id through introspection) and
   * resolves with its claims; rejects with {@link VerifyError}. `options` tighten this request.
   */
  verify(token: string | null | undefined, options?: VerifyOptions): Promise<C>;
  /**
   * The same checks without any I/O, for JWTs whose key is already loaded: throws `unknown_key`
   * instead of fetching keys, and `TypeError` for `maxStaleness: 0`. Call `await ready()` first.
   */
  verifySync(token: string | null | undefined, options?: VerifyOptions): C;
  /** Resolves once keys are loaded and, with `revocations: 'subscribe'`, the stream first connected. */
  ready(): Promise<void>;
  /** Stops the revocation subscription and clears caches. */
  close(): void;
  /** Counters and the observed revocation delay. */
  metrics(): VerifierMetrics;
}

/**
 * `${issuer}/oauth/revocations/stream` (no doubled slash when the issuer ends in one): where the
 * stream is when the metadata does not name a `tessera_revocation_events_endpoint`.
 */
export function revocationStreamUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/oauth/revocations/stream`;
}

/**
 * The stream URL for the next connection: `tessera_revocation_events_endpoint` from the issuer's metadata,
 * else the default path. A discovery failure falls back for this connection only (metadata is
 * asked again on the next one; a successful answer is kept for the verifier's lifetime).
 */
function streamUrlResolver(issuer: string, discovery: MetadataDiscovery): () => Promise<string> {
  return async () => {
    try {
      return (await discovery.get()).tessera_revocation_events_endpoint ?? revocationStreamUrl(issuer);
    } catch {
      return revocationStreamUrl(issuer);
    }
  };
}

/**
 * The keys of revocation events: the JWKS at `tessera_revocation_events_jwks_uri`, which holds no
 * access-token key (and `jwks_uri` no event key), so neither kind can pass as the other.
 */
function revocationEventKeys(options: ResolvedOptions, discovery: MetadataDiscovery, stats: VerifierStats): KeySet {
  return new KeySet({
    cooldownMs: options.jwksCooldownMs,
    maxAgeMs: options.jwksCacheMaxAgeMs,
    allowed: new Set(DEFAULT_ASYMMETRIC_ALGORITHMS),
    clock: options.clock,
    stats,
    reloadable: true,
    load: async () => {
      const uri = (await discovery.get()).tessera_revocation_events_jwks_uri;
      if (uri === undefined) throw new Error('authorization server metadata has no tessera_revocation_events_jwks_uri');
      const response = await fetchJsonResponse(options.fetch, uri, { headers: { accept: 'application/jwk-set+json, application/json' } });
      return { document: response.json, maxAgeMs: cacheControlMaxAgeMs(response.headers.get('cache-control')) };
    },
  });
}

function keyResolver(options: ResolvedOptions, discovery: MetadataDiscovery, stats: VerifierStats): KeyResolver {
  const source = options.keySource;
  if (source.kind === 'secret') return new SecretKeyResolver(source.secret);
  const common = {
    cooldownMs: options.jwksCooldownMs,
    maxAgeMs: options.jwksCacheMaxAgeMs,
    allowed: options.algorithms,
    clock: options.clock,
    stats,
  };
  if (source.kind === 'local') {
    const keys = source.keys;
    return new KeySet({ ...common, reloadable: typeof keys === 'function', load: async () => ({ document: typeof keys === 'function' ? await keys() : keys }) });
  }
  return new KeySet({
    ...common,
    reloadable: true,
    load: async () => {
      let uri = source.jwksUri;
      if (uri === undefined) {
        uri = (await discovery.get()).jwks_uri;
        if (uri === undefined) throw new Error('authorization server metadata has no jwks_uri');
      }
      const response = await fetchJsonResponse(options.fetch, uri, { headers: { accept: 'application/jwk-set+json, application/json' } });
      return { document: response.json, maxAgeMs: cacheControlMaxAgeMs(response.headers.get('cache-control')) };
    },
  });
}

/**
 * Creates a verifier for one issuer and audience.
 *
 * Checks, in order: size (≤ 8 KiB) and shape, header `alg` in the allow-list (never `none`) and
 * `typ: at+jwt` (RFC 9068 §4), the key by `kid` only (unknown kid: at most one JWKS fetch per
 * cooldown), `alg` matching the key's type, the signature (`node:crypto`, synchronously), `iss`,
 * `aud`, `exp`, `nbf`, `iat` (with `clockToleranceSeconds`), required scopes, then the revocation
 * policy (`maxStaleness`).
 *
 * @example
 * ```ts
 * import { createVerifier } from '@tessera/verify';
 *
 * const verifier = createVerifier({ issuer: 'https://auth.example.com', audience: 'orders' });
 * const claims = await verifier.verify(token, { requiredScopes: ['orders:read'] });
 * ```
 * @throws TypeError for invalid options.
 */
export function createVerifier(options: VerifierOptions & { readonly introspection?: undefined }): Verifier<AccessTokenClaims>;
export function createVerifier(options: VerifierOptions): Verifier;
export function createVerifier(options: VerifierOptions): Verifier {
  const resolved = resolveOptions(options);
  const stats = new VerifierStats();
  const discovery = new MetadataDiscovery(resolved.issuer, resolved.fetch);
  const keys = keyResolver(resolved, discovery, stats);

  const { subscription, source } = revocationSourceFor(resolved, discovery, stats);
  const introspection = introspectionClientFor(resolved, discovery, stats);
  const pipeline = new TokenVerifier({ options: resolved, keys, source, introspection, stats });
  const defaultBudget = resolved.maxStaleness;
  const canIntrospect = introspection !== undefined;
  const hasSource = source !== undefined;

  const count = (error: unknown): Error => {
    if (error instanceof VerifyError) stats.failed[error.code]++;
    return error instanceof Error ? error : new Error(String(error));
  };
  const refused = (error: unknown): never => {
    throw count(error);
  };
  const accepted = (claims: Claims): Claims => {
    stats.verified++;
    return claims;
  };

  return {
    // Not `async`: a token whose key is known is checked synchronously and only wrapped in a
    // resolved promise at the end (no extra ticks on the hot path).
    verify(token, requestOptions) {
      let result: Claims | Promise<Claims>;
      try {
        if (requestOptions !== undefined) checkVerifyOptions(requestOptions, canIntrospect, hasSource);
        result = pipeline.check(token, requestOptions?.requiredScopes, requestOptions?.maxStaleness ?? defaultBudget, false);
      } catch (error) {
        return Promise.reject(count(error));
      }
      if (result instanceof Promise) return result.then(accepted, refused);
      return Promise.resolve(accepted(result));
    },
    verifySync(token, requestOptions) {
      try {
        if (requestOptions !== undefined) checkVerifyOptions(requestOptions, canIntrospect, hasSource);
        return accepted(pipeline.check(token, requestOptions?.requiredScopes, requestOptions?.maxStaleness ?? defaultBudget, true) as Claims);
      } catch (error) {
        return refused(error);
      }
    },
    async ready() {
      await keys.ready();
      if (subscription !== undefined) await subscription.ready();
    },
    close() {
      subscription?.close();
      pipeline.cache?.clear();
    },
    metrics() {
      const freshAt = source?.freshAt();
      return stats.snapshot({
        cacheSize: pipeline.cache?.size ?? 0,
        revocationEntries: subscription?.size ?? 0,
        stalenessMs: freshAt === undefined ? null : Math.max(0, resolved.clock.now() - freshAt),
      });
    },
  };
}

/** The revocation source the options ask for: a pushed-stream subscription (started here), a caller's source, or none. */
function revocationSourceFor(
  resolved: ResolvedOptions,
  discovery: MetadataDiscovery,
  stats: VerifierStats,
): { subscription?: RevocationSubscription; source?: RevocationSource } {
  const client = resolved.client;
  if (resolved.revocations === 'subscribe' && client !== undefined) {
    const subscription = new RevocationSubscription({
      streamUrl: streamUrlResolver(resolved.issuer, discovery),
      headers: resolved.revocationStreamHeaders,
      authorization: basicAuthorization(client),
      audience: client.id,
      issuer: resolved.issuer,
      algorithms: new Set(DEFAULT_ASYMMETRIC_ALGORITHMS),
      keys: revocationEventKeys(resolved, discovery, stats),
      clockToleranceMs: resolved.clockToleranceSeconds * 1000,
      fetch: resolved.fetch,
      clock: resolved.clock,
      stats,
    });
    subscription.start();
    return { subscription, source: subscription };
  }
  if (resolved.revocations !== 'none' && resolved.revocations !== 'subscribe') return { source: resolved.revocations };
  return {};
}

/** The introspection client, when the options configure introspection and a client to authenticate it. */
function introspectionClientFor(resolved: ResolvedOptions, discovery: MetadataDiscovery, stats: VerifierStats): IntrospectionClient | undefined {
  const settings = resolved.introspection;
  const client = resolved.client;
  if (settings === undefined || client === undefined) return undefined;
  return new IntrospectionClient({
    endpoint: async () => {
      if (settings.endpoint !== undefined) return settings.endpoint;
      const endpoint = (await discovery.get()).introspection_endpoint;
      if (endpoint === undefined) throw new Error('authorization server metadata has no introspection_endpoint');
      return endpoint;
    },
    authorization: basicAuthorization(client),
    cacheMs: settings.cacheMs,
    maxEntries: settings.maxEntries,
    fetch: resolved.fetch,
    clock: resolved.clock,
    stats,
  });
}
