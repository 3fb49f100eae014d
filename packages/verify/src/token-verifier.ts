import { checkAccessTokenClaims, checkScopes, scopeSet, type ClaimRules } from './access-token-claims.js';
import type { Claims } from './claims.js';
import type { IntrospectionClient } from './introspection/introspection-client.js';
import { introspectedClaims } from './introspection/introspected-claims.js';
import { decodePayload, HeaderCache, splitCompactJws, type CompactJws } from './jws/compact-jws.js';
import { verifySignature } from './jws/verify-signature.js';
import type { KeyResolver } from './keys/key-resolver.js';
import type { VerificationKey } from './keys/verification-key.js';
import type { ResolvedOptions } from './resolve-options.js';
import type { RevocationSource } from './revocation/revocation-source.js';
import type { MaxStaleness } from './verifier-options.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import type { VerifierStats } from './verifier-metrics.js';
import { VerifyError } from './verify-error.js';

/** Requests in the first moments of a subscribing verifier wait this long at most for the stream. */
const STARTUP_WAIT_MS = 5000;

/** The parts a {@link TokenVerifier} is assembled from. */
export interface TokenVerifierParts {
  readonly options: ResolvedOptions;
  readonly keys: KeyResolver;
  readonly source: RevocationSource | undefined;
  readonly introspection: IntrospectionClient | undefined;
  readonly stats: VerifierStats;
}

/**
 * The verification pipeline: cache → split → header (alg allow-list, `typ`) → key by `kid` →
 * signature → claims → scopes → revocation policy → cache. Every step is synchronous except a key
 * set load, introspection, and a short wait for the revocation stream at start-up.
 */
export class TokenVerifier {
  readonly cache: VerifiedTokenCache | undefined;
  readonly #headers = new HeaderCache();
  readonly #rules: ClaimRules;
  readonly #options: ResolvedOptions;
  readonly #keys: KeyResolver;
  readonly #source: RevocationSource | undefined;
  readonly #introspection: IntrospectionClient | undefined;
  readonly #stats: VerifierStats;
  readonly #startupWaitUntil: number;

  constructor(parts: TokenVerifierParts) {
    this.#options = parts.options;
    this.#keys = parts.keys;
    this.#source = parts.source;
    this.#introspection = parts.introspection;
    this.#stats = parts.stats;
    this.#rules = { issuer: parts.options.issuer, audiences: parts.options.audiences, clockToleranceSeconds: parts.options.clockToleranceSeconds };
    this.cache = parts.options.cacheMaxEntries === undefined ? undefined : new VerifiedTokenCache(parts.options.cacheMaxEntries);
    this.#startupWaitUntil = parts.options.clock.now() + STARTUP_WAIT_MS;
  }

  /**
   * Verifies a token. Returns the claims synchronously when nothing needs I/O (the common case:
   * key known, no introspection), a promise otherwise. With `sync`, never returns a promise:
   * an unknown `kid` throws `unknown_key` and introspection is refused.
   */
  check(token: unknown, required: readonly string[] | undefined, budget: MaxStaleness, sync: boolean): Claims | Promise<Claims> {
    if (typeof token !== 'string' || token.length === 0) throw new VerifyError('token_missing', 'no token was presented');
    if (sync && budget === 0) throw new TypeError('@tessera/verify: verifySync cannot introspect (maxStaleness 0); use verify()');
    const now = this.#options.clock.now();
    const cached = this.#fromCache(token, required, now);
    if (cached !== undefined) return this.#afterRevocation(token, cached, budget, now, !sync);
    if (!token.includes('.')) {
      if (sync) throw new VerifyError('token_malformed', 'verifySync accepts JWT access tokens only');
      return this.#verifyOpaque(token, required, now);
    }
    const jws = this.#split(token);
    const key = this.#keys.get(jws.header.kid, now);
    if (key === undefined) {
      if (sync) throw new VerifyError('unknown_key', 'no loaded key has this "kid" (verifySync never fetches; await verifier.ready() first)');
      // After a key set load the time has moved on: check the claims against the time now.
      return this.#keys.load(jws.header.kid, now).then((loaded) => this.#finish(token, jws, loaded, required, budget, this.#options.clock.now()));
    }
    return this.#finish(token, jws, key, required, budget, now, !sync);
  }

  #finish(
    token: string,
    jws: CompactJws,
    key: VerificationKey,
    required: readonly string[] | undefined,
    budget: MaxStaleness,
    now: number,
    mayWait = true,
  ): Claims | Promise<Claims> {
    const claims = this.#checkJwt(jws, key, required, now);
    const result = this.#afterRevocation(token, claims, budget, now, mayWait);
    if (result === claims) this.#remember(token, claims, jws.header.kid, key);
    else
      return (result as Promise<Claims>).then((accepted) => {
        this.#remember(token, accepted, jws.header.kid, key);
        return accepted;
      });
    return claims;
  }

  /** The claims once the revocation policy agrees (a promise only when it must ask or wait). */
  #afterRevocation(token: string, claims: Claims, budget: MaxStaleness, now: number, mayWait: boolean): Claims | Promise<Claims> {
    const pending = this.#revocation(token, claims, budget, now, mayWait);
    return pending === undefined ? claims : pending.then(() => claims);
  }

  #fromCache(token: string, required: readonly string[] | undefined, now: number): Claims | undefined {
    const cache = this.cache;
    if (cache === undefined) return undefined;
    const entry = cache.get(token);
    if (entry === undefined) {
      this.#stats.cacheMisses++;
      return undefined;
    }
    // Also the key set's max-age clock: cache hits alone keep the background reload going.
    if (this.#keys.get(entry.kid, now) !== entry.key) {
      // Its key left the key set (retired, withdrawn) or changed since: verify the token again.
      cache.delete(token);
      this.#stats.cacheMisses++;
      return undefined;
    }
    this.#stats.cacheHits++;
    if (entry.exp <= Math.floor(now / 1000) - this.#rules.clockToleranceSeconds) {
      cache.delete(token);
      throw new VerifyError('token_expired', 'token has expired');
    }
    if (this.#options.requiredScopes.length > 0 || (required !== undefined && required.length > 0)) {
      const granted = (entry.scopes ??= scopeSet(entry.claims.scope));
      checkScopes(granted, this.#options.requiredScopes);
      if (required !== undefined) checkScopes(granted, required);
    }
    return entry.claims;
  }

  #split(token: string): CompactJws {
    const jws = splitCompactJws(token, this.#headers);
    if (!(this.#options.algorithms as ReadonlySet<string>).has(jws.header.alg)) throw new VerifyError('unsupported_algorithm', 'token algorithm is not allowed');
    // RFC 9068 §4: the header must say this is an access token, not an ID token or another JWT.
    if (jws.header.typ !== 'at+jwt') throw new VerifyError('invalid_type', 'token is not an access token (typ at+jwt)');
    return jws;
  }

  #checkJwt(jws: CompactJws, key: VerificationKey, required: readonly string[] | undefined, now: number): Claims {
    verifySignature(jws, key);
    if (!jws.headerCached) this.#headers.set(jws.headerSegment, jws.header);
    const claims = checkAccessTokenClaims(decodePayload(jws.payloadSegment), this.#rules, Math.floor(now / 1000));
    this.#checkScopes(claims, required);
    return claims;
  }

  #checkScopes(claims: Claims, required: readonly string[] | undefined): void {
    if (this.#options.requiredScopes.length === 0 && (required === undefined || required.length === 0)) return;
    const granted = scopeSet(claims.scope);
    checkScopes(granted, this.#options.requiredScopes);
    if (required !== undefined) checkScopes(granted, required);
  }

  #remember(token: string, claims: Claims, kid: string | undefined, key: VerificationKey): void {
    if (this.cache === undefined) return;
    if (Array.isArray(claims.aud)) Object.freeze(claims.aud);
    this.cache.set(token, Object.freeze(claims), kid, key);
  }

  async #verifyOpaque(token: string, required: readonly string[] | undefined, now: number): Promise<Claims> {
    if (this.#introspection === undefined) throw new VerifyError('token_malformed', 'token is not a JWT and no introspection is configured');
    const response = await this.#introspection.introspect(token);
    const claims = introspectedClaims(response, this.#rules, Math.floor(this.#options.clock.now() / 1000));
    this.#checkScopes(claims, required);
    // An opaque token was just asked about: the pushed set can still refuse it (e.g. a user revocation).
    if (this.#source?.isRevoked(claims, now) === true) throw new VerifyError('revoked', 'token has been revoked');
    return claims;
  }

  /**
   * Applies the staleness budget. Synchronous (returns undefined) unless the budget is 0
   * (introspection) or the subscription has not connected yet during the start-up window.
   */
  #revocation(token: string, claims: Claims, budget: MaxStaleness, now: number, mayWait: boolean): Promise<void> | undefined {
    if (budget === 0) return this.#introspectJwt(token, claims);
    const source = this.#source;
    if (source === undefined) return undefined;
    if (source.isRevoked(claims, now)) {
      this.cache?.delete(token);
      throw new VerifyError('revoked', 'token has been revoked');
    }
    if (budget === 'exp') return undefined;
    const freshAt = source.freshAt();
    if (freshAt !== undefined && now - freshAt <= budget * 1000) return undefined;
    if (mayWait && freshAt === undefined && source.ready !== undefined && now < this.#startupWaitUntil) {
      return this.#waitForSource(source, token, claims, budget, Math.min(this.#startupWaitUntil - now, budget * 1000));
    }
    throw new VerifyError('revocation_state_stale', 'revocation state is older than this route allows');
  }

  async #waitForSource(source: RevocationSource, token: string, claims: Claims, budget: number, waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([source.ready?.(), new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    await this.#revocation(token, claims, budget, this.#options.clock.now(), false);
  }

  async #introspectJwt(token: string, claims: Claims): Promise<void> {
    if (this.#introspection === undefined) throw new TypeError('@tessera/verify: maxStaleness 0 needs the introspection option');
    const response = await this.#introspection.introspect(token);
    if (!response.active) {
      this.cache?.delete(token);
      throw new VerifyError('revoked', 'token has been revoked');
    }
    if (this.#source?.isRevoked(claims, this.#options.clock.now()) === true) throw new VerifyError('revoked', 'token has been revoked');
  }
}
