import { canonicalSigningAlgorithm, type SigningAlgorithmName } from '../keys/signing-algorithm.js';
import type { SigningAlgorithm } from '../model/records.js';

/** The core's knobs. The server fills them from configuration (packages/server/src/config). */
export interface CoreSettings {
  /** `iss` of every token; also the default audience of first-party tokens. */
  issuer: string;
  /** Audience of tokens the first-party client gets (defaults to the issuer). */
  defaultAudience: string;
  signingAlgorithm: SigningAlgorithm;
  /** ID tokens' algorithm unless the client registered another (OIDC Core §3.1.3.7 makes RS256 the default). */
  idTokenSigningAlgorithm: SigningAlgorithm;
  /** Authorization-code lifetime; RFC 6749 §4.1.2 recommends at most 10 minutes, Tessera caps it at 60 s. */
  authorizationCodeTtlSeconds: number;
  accessTokenTtlSeconds: number;
  /** Absolute lifetime of a refresh family. */
  refreshTokenTtlSeconds: number;
  /** How long a just-spent refresh token may be presented again and get the same successor. */
  refreshGraceSeconds: number;
  sessionIdleTtlSeconds: number;
  sessionAbsoluteTtlSeconds: number;
  /** Sliding renewal writes at most once per this interval (a store write per request would cost more than the lookup). */
  sessionRenewalIntervalSeconds: number;
  /**
   * How long verifiers may cache the JWKS. A new key is published this long before it signs,
   * so no verifier meets a token whose key it cannot have.
   */
  jwksMaxAgeSeconds: number;
}

export const defaultCoreSettings = {
  // ES256: every common JWT middleware verifies it (jsonwebtoken has no EdDSA), and Node verifies
  // it faster than Ed25519 (docs/benchmarks.md).
  signingAlgorithm: 'ES256',
  idTokenSigningAlgorithm: 'RS256',
  authorizationCodeTtlSeconds: 60,
  accessTokenTtlSeconds: 600,
  refreshTokenTtlSeconds: 2_592_000,
  refreshGraceSeconds: 10,
  sessionIdleTtlSeconds: 1800,
  sessionAbsoluteTtlSeconds: 43_200,
  sessionRenewalIntervalSeconds: 60,
  jwksMaxAgeSeconds: 300,
} as const satisfies Partial<CoreSettings>;

/** What `createTessera` takes: `issuer` is required, and `signingAlgorithm` may be the `Ed25519` alias. */
export type CoreSettingsInput = Partial<Omit<CoreSettings, 'signingAlgorithm'>> & { issuer: string; signingAlgorithm?: SigningAlgorithmName };

/** Fills defaults; `issuer` is the only required field. The algorithm comes out canonical (`Ed25519` → `EdDSA`). */
export function resolveCoreSettings(input: CoreSettingsInput): CoreSettings {
  const settings = {
    ...defaultCoreSettings,
    defaultAudience: input.issuer,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  } as CoreSettings & { signingAlgorithm: SigningAlgorithmName };
  return { ...settings, signingAlgorithm: canonicalSigningAlgorithm(settings.signingAlgorithm) };
}
