import { createSecretKey, KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { systemClock, type Clock } from './clock.js';
import type { ClientCredentials } from './http/client-authorization.js';
import type { FetchLike } from './http/fetch-json.js';
import { DEFAULT_ASYMMETRIC_ALGORITHMS, isSupportedAlgorithm, type Algorithm } from './jws/algorithms.js';
import type { RevocationSource } from './revocation/revocation-source.js';
import type { IntrospectionOptions, MaxStaleness, StreamHeaders, VerifierOptions, VerifyOptions } from './verifier-options.js';

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
const MIN_SECRET_BYTES = 32;
const MAX_CLOCK_TOLERANCE_SECONDS = 60;
/** Default staleness budget with a revocation source: four missed 15 s heartbeats. */
const DEFAULT_MAX_STALENESS_SECONDS = 60;

const KNOWN_OPTIONS = new Set([
  'issuer', 'audience', 'algorithms', 'clockToleranceSeconds', 'requiredScopes', 'jwksUri', 'fetch', 'jwksCooldownMs',
  'jwksCacheMaxAgeMs', 'keys', 'secret', 'cache', 'revocations', 'revocationStream', 'maxStaleness', 'introspection', 'client', 'clock',
]);

/** Default reload interval of a key set (the Tessera server's JWKS `max-age` is 300 s too). */
const DEFAULT_JWKS_MAX_AGE_MS = 300_000;

/** Stream request headers the verifier sets itself (`authorization`: the `client` credentials). */
const RESERVED_STREAM_HEADERS = new Set(['accept', 'cache-control', 'last-event-id', 'authorization']);
/** RFC 9110 §5.1 field-name (token). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Where keys come from. */
export type KeySource =
  | { readonly kind: 'remote'; readonly jwksUri: string | undefined }
  | { readonly kind: 'local'; readonly keys: JSONWebKeySet | (() => JSONWebKeySet | Promise<JSONWebKeySet>) }
  | { readonly kind: 'secret'; readonly secret: KeyObject };

/** {@link VerifierOptions} checked, with every default filled in. */
export interface ResolvedOptions {
  readonly issuer: string;
  /** `undefined`: `audience: false`, the caller checks `aud`. */
  readonly audiences: readonly string[] | undefined;
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly clockToleranceSeconds: number;
  readonly requiredScopes: readonly string[];
  readonly fetch: FetchLike;
  readonly jwksCooldownMs: number;
  readonly jwksCacheMaxAgeMs: number;
  readonly keySource: KeySource;
  readonly cacheMaxEntries: number | undefined;
  readonly revocations: 'none' | 'subscribe' | RevocationSource;
  readonly revocationStreamHeaders: StreamHeaders | undefined;
  readonly maxStaleness: MaxStaleness;
  readonly introspection: { readonly endpoint: string | undefined; readonly cacheMs: number; readonly maxEntries: number } | undefined;
  /** The resource server's credentials (`client`, or the deprecated `introspection.clientId`/`clientSecret`). */
  readonly client: ClientCredentials | undefined;
  readonly clock: Clock;
}

function fail(message: string): never {
  throw new TypeError(`@tessera/verify: ${message}`);
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function nonNegative(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${name} must be a finite number ≥ 0`);
  return value;
}

function scopeList(value: unknown, name: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((scope) => typeof scope !== 'string' || scope.length === 0 || /\s/.test(scope))) {
    fail(`${name} must be an array of scope tokens without spaces`);
  }
  return Object.freeze([...(value as string[])]);
}

/** Checks a staleness budget (option or per-request). */
export function checkMaxStaleness(value: unknown, name: string): MaxStaleness {
  if (value === 'exp') return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${name} must be 0, a number of seconds or 'exp'`);
  return value;
}

/** Checks per-request options once per call (cheap; only what was given). */
export function checkVerifyOptions(options: VerifyOptions, canIntrospect: boolean, hasSource: boolean): void {
  if (options.requiredScopes !== undefined) scopeList(options.requiredScopes, 'requiredScopes');
  if (options.maxStaleness !== undefined) {
    const budget = checkMaxStaleness(options.maxStaleness, 'maxStaleness');
    if (budget === 0 && !canIntrospect) fail('maxStaleness 0 needs the introspection option');
    if (typeof budget === 'number' && budget > 0 && !hasSource) fail('a numeric maxStaleness needs revocations (\'subscribe\' or a source)');
  }
}

function secretKey(secret: unknown): KeyObject {
  let key: KeyObject;
  if (secret instanceof KeyObject) {
    if (secret.type !== 'secret') fail('secret must be a symmetric key');
    key = secret;
  } else if (typeof secret === 'string') key = createSecretKey(Buffer.from(secret, 'utf8'));
  else if (secret instanceof Uint8Array) key = createSecretKey(Buffer.from(secret));
  else fail('secret must be a string, a Uint8Array or a secret KeyObject');
  if ((key.symmetricKeySize ?? 0) < MIN_SECRET_BYTES) fail(`secret must be at least ${MIN_SECRET_BYTES} bytes (RFC 7518 §3.2)`);
  return key;
}

function algorithmSet(value: unknown, hasSecret: boolean): ReadonlySet<Algorithm> {
  if (value === undefined) return new Set(hasSecret ? ['HS256'] : DEFAULT_ASYMMETRIC_ALGORITHMS);
  if (!Array.isArray(value) || value.length === 0) fail('algorithms must be a non-empty array');
  for (const alg of value) {
    if (!isSupportedAlgorithm(alg)) fail(`algorithm ${JSON.stringify(alg)} is not supported (never "none")`);
    if (alg === 'HS256' && !hasSecret) fail('HS256 needs the secret option (a shared key is never taken from a JWKS)');
    if (alg !== 'HS256' && hasSecret) fail('with a secret, only HS256 is accepted');
  }
  const set = new Set(value as Algorithm[]);
  // RFC 9864: `Ed25519` is the fully specified name of `EdDSA` over an Ed25519 key (the only
  // curve verified here), so pinning either name pins the same algorithm and accepts both labels.
  if (set.has('EdDSA') || set.has('Ed25519')) set.add('EdDSA').add('Ed25519');
  return set;
}

function clientOption(value: unknown): ClientCredentials | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) fail('client must be an object ({ id, secret })');
  for (const name of Object.keys(value)) if (name !== 'id' && name !== 'secret') fail(`unknown option "client.${name}"`);
  const { id, secret } = value as Partial<ClientCredentials>;
  if (typeof id !== 'string' || id.length === 0) fail('client.id is required');
  if (typeof secret !== 'string' || secret.length === 0) fail('client.secret is required');
  return Object.freeze({ id, secret });
}

function introspectionOptions(value: unknown, client: ClientCredentials | undefined): { introspection: ResolvedOptions['introspection']; client: ClientCredentials | undefined } {
  if (value === undefined) return { introspection: undefined, client };
  if (typeof value !== 'object' || value === null) fail('introspection must be an object');
  const { endpoint, clientId, clientSecret, cacheMs, maxEntries } = value as Partial<IntrospectionOptions>;
  if (endpoint !== undefined && !isHttpUrl(endpoint)) fail('introspection.endpoint must be an http(s) URL');
  // One set of credentials (`client`) for introspection and the stream; the old per-introspection pair still works alone.
  if (clientId !== undefined || clientSecret !== undefined) {
    if (client !== undefined) fail('give the credentials once, as client ({ id, secret }), not also as introspection.clientId/clientSecret');
    client = clientOption({ id: clientId, secret: clientSecret });
  }
  if (client === undefined) fail('introspection needs client ({ id, secret })');
  const entries = maxEntries ?? 10_000;
  if (!Number.isInteger(entries) || entries < 1) fail('introspection.maxEntries must be a positive integer');
  return { introspection: { endpoint, cacheMs: nonNegative(cacheMs, 'introspection.cacheMs', 0), maxEntries: entries }, client };
}

function revocationsOption(value: unknown): ResolvedOptions['revocations'] {
  if (value === undefined || value === 'none' || value === 'subscribe') return value ?? 'none';
  const message = "revocations must be 'none', 'subscribe' or an object with isRevoked() and freshAt()";
  if (typeof value !== 'object' || value === null) fail(message);
  const { isRevoked, freshAt } = value as Partial<Record<'isRevoked' | 'freshAt', unknown>>;
  if (typeof isRevoked !== 'function' || typeof freshAt !== 'function') fail(message);
  return value as RevocationSource;
}

/** Checks one set of stream headers (at construction, and each time a header function answers). */
export function checkStreamHeaders(headers: unknown): Readonly<Record<string, string>> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) fail('revocationStream.headers must be an object of strings');
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) fail(`revocationStream.headers: ${JSON.stringify(name)} is not a header name`);
    if (RESERVED_STREAM_HEADERS.has(name.toLowerCase())) fail(`revocationStream.headers: "${name}" is set by the verifier`);
    // RFC 9110 §5.5: no CR, LF or NUL in a field value (header injection).
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) fail(`revocationStream.headers: the value of "${name}" must be a string without CR, LF or NUL`);
  }
  return headers as Readonly<Record<string, string>>;
}

function revocationStreamOptions(value: unknown, revocations: ResolvedOptions['revocations']): StreamHeaders | undefined {
  if (value === undefined) return undefined;
  if (revocations !== 'subscribe') fail("revocationStream needs revocations: 'subscribe'");
  if (typeof value !== 'object' || value === null) fail('revocationStream must be an object ({ headers })');
  for (const name of Object.keys(value)) if (name !== 'headers') fail(`unknown option "revocationStream.${name}"`);
  const { headers } = value as { headers?: unknown };
  if (headers === undefined || typeof headers === 'function') return headers as StreamHeaders | undefined;
  return Object.freeze({ ...checkStreamHeaders(headers) });
}

/** Where the verification keys come from: a shared secret, a local JWKS, or the issuer's JWKS URI. */
function keySourceOption(options: VerifierOptions, hasSecret: boolean): KeySource {
  if (hasSecret && (options.keys !== undefined || options.jwksUri !== undefined)) fail('secret cannot be combined with keys or jwksUri');
  if (options.keys !== undefined && options.jwksUri !== undefined) fail('keys and jwksUri are exclusive');
  if (options.jwksUri !== undefined && !isHttpUrl(options.jwksUri)) fail('jwksUri must be an http(s) URL');
  if (hasSecret) return { kind: 'secret', secret: secretKey(options.secret) };
  if (options.keys === undefined) return { kind: 'remote', jwksUri: options.jwksUri };
  const keys = options.keys;
  if (typeof keys !== 'function' && !(typeof keys === 'object' && keys !== null && Array.isArray(keys.keys))) fail('keys must be a JWKS ({ keys: [...] }) or a function returning one');
  return { kind: 'local', keys };
}

/** The verified-token cache size, or undefined when the cache is off. */
function cacheOption(cache: VerifierOptions['cache']): number | undefined {
  if (cache === undefined || cache === false) return undefined;
  const maxEntries = (cache as { maxEntries?: unknown } | null)?.maxEntries;
  if (typeof maxEntries !== 'number' || !Number.isInteger(maxEntries) || maxEntries < 1) fail('cache.maxEntries must be a positive integer');
  return maxEntries;
}

/** Validates {@link VerifierOptions} and fills in defaults. Throws `TypeError` naming the option. */
export function resolveOptions(options: VerifierOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options are required ({ issuer, audience })');
  for (const name of Object.keys(options)) if (!KNOWN_OPTIONS.has(name)) fail(`unknown option "${name}"`);
  const { issuer, audience } = options;
  if (!isHttpUrl(issuer)) fail('issuer must be an http(s) URL');
  const audiences: readonly unknown[] | false = typeof audience === 'string' ? [audience] : audience;
  if (audiences !== false && (!Array.isArray(audiences) || audiences.length === 0 || audiences.some((aud) => typeof aud !== 'string' || aud.length === 0))) {
    fail('audience must be a non-empty string or array of strings (or false when the caller checks "aud" itself)');
  }
  const hasSecret = options.secret !== undefined;
  const keySource = keySourceOption(options, hasSecret);

  const clockToleranceSeconds = nonNegative(options.clockToleranceSeconds, 'clockToleranceSeconds', 5);
  if (clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) fail(`clockToleranceSeconds must be at most ${MAX_CLOCK_TOLERANCE_SECONDS}`);
  const fetch = options.fetch ?? (globalThis.fetch);
  if (typeof fetch !== 'function') fail('fetch must be a function (no global fetch found)');
  const jwksCacheMaxAgeMs = nonNegative(options.jwksCacheMaxAgeMs, 'jwksCacheMaxAgeMs', DEFAULT_JWKS_MAX_AGE_MS);
  if (jwksCacheMaxAgeMs === 0) fail('jwksCacheMaxAgeMs must be greater than 0');
  const cacheMaxEntries = cacheOption(options.cache);
  const clock = options.clock ?? systemClock;
  if (typeof clock?.now !== 'function') fail('clock must have a now() method');
  const revocations = revocationsOption(options.revocations);
  const revocationStreamHeaders = revocationStreamOptions(options.revocationStream, revocations);
  const { introspection, client } = introspectionOptions(options.introspection, clientOption(options.client));
  if (revocations === 'subscribe' && client === undefined) fail("revocations: 'subscribe' needs client ({ id, secret }): the stream authenticates its subscribers");
  const maxStaleness =
    options.maxStaleness === undefined ? (revocations === 'none' ? 'exp' : DEFAULT_MAX_STALENESS_SECONDS) : checkMaxStaleness(options.maxStaleness, 'maxStaleness');
  if (maxStaleness === 0 && introspection === undefined) fail('maxStaleness 0 needs the introspection option');
  if (typeof maxStaleness === 'number' && maxStaleness > 0 && revocations === 'none') fail("a numeric maxStaleness needs revocations ('subscribe' or a source)");

  return {
    issuer,
    audiences: audiences === false ? undefined : Object.freeze([...(audiences as readonly string[])]),
    algorithms: algorithmSet(options.algorithms, hasSecret),
    clockToleranceSeconds,
    requiredScopes: scopeList(options.requiredScopes, 'requiredScopes'),
    fetch,
    jwksCooldownMs: nonNegative(options.jwksCooldownMs, 'jwksCooldownMs', 30_000),
    jwksCacheMaxAgeMs,
    keySource,
    cacheMaxEntries,
    revocations,
    revocationStreamHeaders,
    maxStaleness,
    introspection,
    client,
    clock,
  };
}
