import { configOptions, type ConfigKey, type ConfigOption, type ServerConfig } from './config-options.js';

/** A bad configuration value. `message` is the one line printed at start-up; it never echoes a secret. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The most a token may live without `TESSERA_ALLOW_LONG_ACCESS_TOKENS=true` (docs/configuration.md, `TESSERA_ACCESS_TOKEN_TTL`). */
export const maxDefaultAccessTokenTtlSeconds = 900;

/**
 * Reads every option from `env` (default `process.env`), applies defaults, validates, and checks
 * combinations. Throws `ConfigError` naming the first bad variable. Empty values count as unset.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const parsed: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(configOptions) as [ConfigKey, ConfigOption][]) {
    parsed[key] = parseOption(spec, env[spec.env]);
  }
  const config = parsed as Omit<ServerConfig, 'issuer'> & { issuer: string | undefined };
  const issuer = config.issuer ?? `http://${hostForUrl(config.host)}:${config.port}`;
  const resolved: ServerConfig = { ...config, issuer };
  checkCombinations(resolved);
  return resolved;
}

function parseOption(spec: ConfigOption, raw: string | undefined): unknown {
  const trimmed = raw?.trim();
  const value = trimmed === undefined || trimmed === '' ? spec.default : trimmed;
  const result = spec.schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? 'is not valid';
  const shown = spec.secret || value === undefined ? '' : ` (got ${JSON.stringify(truncate(value))})`;
  throw new ConfigError(spec.env, `${spec.env} ${reason}${shown}`);
}

function checkCombinations(config: ServerConfig): void {
  if (config.accessTokenTtlSeconds > maxDefaultAccessTokenTtlSeconds && !config.allowLongAccessTokens) {
    throw new ConfigError(
      'TESSERA_ACCESS_TOKEN_TTL',
      `TESSERA_ACCESS_TOKEN_TTL must be at most ${maxDefaultAccessTokenTtlSeconds} seconds unless TESSERA_ALLOW_LONG_ACCESS_TOKENS=true (got ${config.accessTokenTtlSeconds})`,
    );
  }
  if (config.sessionIdleTtlSeconds > config.sessionAbsoluteTtlSeconds) {
    throw new ConfigError(
      'TESSERA_SESSION_IDLE_TTL',
      `TESSERA_SESSION_IDLE_TTL must not exceed TESSERA_SESSION_ABSOLUTE_TTL (${config.sessionIdleTtlSeconds} > ${config.sessionAbsoluteTtlSeconds})`,
    );
  }
  const rotationFloor = config.jwksMaxAgeSeconds + config.accessTokenTtlSeconds;
  if (config.keyRotationIntervalSeconds > 0 && config.keyRotationIntervalSeconds < rotationFloor) {
    throw new ConfigError(
      'TESSERA_KEY_ROTATION_INTERVAL_SECONDS',
      `TESSERA_KEY_ROTATION_INTERVAL_SECONDS must be 0 (off) or at least TESSERA_JWKS_MAX_AGE + TESSERA_ACCESS_TOKEN_TTL (${rotationFloor}) (got ${config.keyRotationIntervalSeconds})`,
    );
  }
  if (config.refreshGraceSeconds * 1000 >= config.refreshTokenTtlSeconds * 1000) {
    throw new ConfigError('TESSERA_REFRESH_GRACE_SECONDS', 'TESSERA_REFRESH_GRACE_SECONDS must be shorter than TESSERA_REFRESH_TOKEN_TTL');
  }
}

/**
 * Settings that work but deserve a loud line at start (oidc-provider's `mustChange` habit).
 * Empty for a sound production configuration.
 */
export function configWarnings(config: ServerConfig): string[] {
  const warnings: string[] = [];
  const issuerHost = new URL(config.issuer).hostname;
  if (config.nodeEnv === 'production' && config.issuer.startsWith('http:') && !isLoopback(issuerHost)) {
    warnings.push(`TESSERA_ISSUER is plain http (${config.issuer}) in production: tokens name an issuer clients reach without TLS`);
  }
  if (config.argon2MemoryKiB < 19_456 || config.argon2TimeCost < 2) {
    warnings.push('Argon2id parameters are below the OWASP minimum (m=19456 KiB, t=2): fine for benchmarks, not for real passwords');
  }
  if (config.trustProxy === true) {
    warnings.push('TESSERA_TRUST_PROXY=true believes X-Forwarded-For from anyone who can reach the port; prefer a hop count or proxy addresses');
  }
  if (config.accessTokenTtlSeconds > maxDefaultAccessTokenTtlSeconds) {
    warnings.push(`access tokens live ${config.accessTokenTtlSeconds} s (TESSERA_ALLOW_LONG_ACCESS_TOKENS): a stolen token is usable that long`);
  }
  return warnings;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || hostname.startsWith('127.');
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
