import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../../src/index.js';

const load = (env: Record<string, string>) => loadConfig(env);

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig (docs/configuration.md)', () => {
  it('has the documented defaults (docs/configuration.md)', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      issuer: 'http://127.0.0.1:8080',
      dataDir: './.tessera',
      databaseUrl: undefined,
      redisUrl: undefined,
      jwtAlg: 'ES256',
      accessTokenTtlSeconds: 600,
      refreshTokenTtlSeconds: 2_592_000,
      sessionIdleTtlSeconds: 1800,
      sessionAbsoluteTtlSeconds: 43_200,
      trustProxy: false,
      allowedOrigins: [],
      bodyLimitBytes: 65_536,
    });
    expect(config.refreshGraceSeconds).toBeGreaterThan(0);
    expect(config.refreshGraceSeconds).toBeLessThanOrEqual(30);
  });

  it('derives the issuer from HOST and PORT, and takes TESSERA_ISSUER without a trailing slash', () => {
    expect(load({ HOST: '10.0.0.5', PORT: '9000' }).issuer).toBe('http://10.0.0.5:9000');
    expect(load({ HOST: '0.0.0.0' }).issuer).toBe('http://localhost:8080');
    expect(load({ HOST: '::1' }).issuer).toBe('http://[::1]:8080');
    expect(load({ TESSERA_ISSUER: 'https://auth.example.com/' }).issuer).toBe('https://auth.example.com');
  });

  it('takes Ed25519 (RFC 9864) as another name for EdDSA', () => {
    expect(load({ TESSERA_JWT_ALG: 'Ed25519' }).jwtAlg).toBe('EdDSA');
    expect(load({ TESSERA_JWT_ALG: 'EdDSA' }).jwtAlg).toBe('EdDSA');
  });

  it('treats empty values as unset', () => {
    expect(load({ PORT: '', DATABASE_URL: ' ' })).toMatchObject({ port: 8080, databaseUrl: undefined });
  });

  it('parses every kind of value', () => {
    const config = load({
      TESSERA_JWT_ALG: 'PS256',
      TESSERA_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      TESSERA_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:3000/',
      TESSERA_BODY_LIMIT: '128kib',
      DATABASE_URL: 'postgres://u:p@db:5432/tessera',
      REDIS_URL: 'redis-a:6379,redis-b:6379',
      TESSERA_ALLOW_LONG_ACCESS_TOKENS: 'yes',
      TESSERA_ACCESS_TOKEN_TTL: '3600',
    });
    expect(config).toMatchObject({
      jwtAlg: 'PS256',
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      bodyLimitBytes: 131_072,
      accessTokenTtlSeconds: 3600,
    });
    expect(load({ TESSERA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(load({ TESSERA_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number from 0 to 65535 \(got "eighty"\)/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['TESSERA_JWT_ALG', 'HS999', /TESSERA_JWT_ALG must be one of ES256, EdDSA, Ed25519, RS256, PS256 \(got "HS999"\)/],
    ['TESSERA_JWT_ALG', 'none', /TESSERA_JWT_ALG must be one of/],
    ['TESSERA_ISSUER', 'auth.example.com', /TESSERA_ISSUER must be an http\(s\) URL/],
    ['TESSERA_ISSUER', 'https://auth.example.com/?x=1', /TESSERA_ISSUER must be an http\(s\) URL/],
    ['TESSERA_ACCESS_TOKEN_TTL', '-5', /TESSERA_ACCESS_TOKEN_TTL must be a whole number/],
    ['TESSERA_ACCESS_TOKEN_TTL', '901', /TESSERA_ACCESS_TOKEN_TTL must be at most 900 seconds unless TESSERA_ALLOW_LONG_ACCESS_TOKENS=true/],
    ['TESSERA_REFRESH_GRACE_SECONDS', '1.5', /TESSERA_REFRESH_GRACE_SECONDS must be a whole number/],
    ['TESSERA_ALLOW_LONG_ACCESS_TOKENS', 'maybe', /TESSERA_ALLOW_LONG_ACCESS_TOKENS must be true or false/],
    ['TESSERA_TRUST_PROXY', 'sometimes', /TESSERA_TRUST_PROXY must be true, false/],
    ['TESSERA_ALLOWED_ORIGINS', 'https://app.example.com/path', /TESSERA_ALLOWED_ORIGINS must be a comma list of origins/],
    ['TESSERA_BODY_LIMIT', '10', /TESSERA_BODY_LIMIT must be a size in bytes/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('%s=%s stops start-up with one line naming the variable', (variable, value, message) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a secret value', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2@db/tessera' });
    expect(error.message).toMatch(/^DATABASE_URL must be a postgres:\/\//);
    expect(error.message).not.toContain('hunter2');
    expect(configError({ REDIS_URL: 'http://user:hunter2@x' }).message).not.toContain('hunter2');
  });

  it('refuses an idle timeout beyond the absolute one', () => {
    expect(configError({ TESSERA_SESSION_IDLE_TTL: '7200', TESSERA_SESSION_ABSOLUTE_TTL: '3600' }).variable).toBe('TESSERA_SESSION_IDLE_TTL');
  });

  it('warns loudly about insecure-looking settings, and not about the defaults', () => {
    expect(configWarnings(load({}))).toEqual([]);
    const warnings = configWarnings(load({ NODE_ENV: 'production', TESSERA_ISSUER: 'http://auth.example.com', TESSERA_ARGON2_MEMORY_KIB: '4096', TESSERA_TRUST_PROXY: 'true' }));
    expect(warnings).toHaveLength(3);
    expect(configWarnings(load({ NODE_ENV: 'production' }))).toEqual([]);
  });
});
