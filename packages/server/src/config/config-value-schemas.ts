import { isIP } from 'node:net';
import { canonicalSigningAlgorithm, SIGNING_ALGORITHM_NAMES } from '@tessera/core';
import { parseRedisUrl } from '@tessera/store-redis';
import { z } from 'zod';

/**
 * Parsers for environment values. Every message reads after the variable's name
 * ("TESSERA_ACCESS_TOKEN_TTL must be a whole number …"), so a start-up error is one clear line.
 */

export function integerInRange(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, `must be a whole number from ${min} to ${max}`);
}

/** Bytes, with an optional `kb`/`kib`/`mb`/`mib` suffix (powers of 1024). */
export function byteSize(min: number, max: number) {
  const units: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1_048_576, mb: 1_048_576, mib: 1_048_576 };
  const message = `must be a size in bytes (e.g. 65536 or 64kib) from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+\s*(b|k|kb|kib|m|mb|mib)?$/i, message)
    .transform((value) => {
      const [, digits = '', unit = ''] = /^(\d+)\s*([a-z]*)$/i.exec(value) ?? [];
      return Number(digits) * (units[unit.toLowerCase()] ?? Number.NaN);
    })
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max, message);
}

export const booleanFlag = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }))
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** `Ed25519` (RFC 9864's name) is accepted and means `EdDSA`, which keys and tokens carry. */
export const signingAlgorithm = z
  .enum(SIGNING_ALGORITHM_NAMES, { error: `must be one of ${SIGNING_ALGORITHM_NAMES.join(', ')}` })
  .transform(canonicalSigningAlgorithm);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
  error: 'must be one of fatal, error, warn, info, debug, trace, silent',
});

/** Anything but `production` is development; `test` is accepted as development. */
export const nodeEnvironment = z.string().transform((value) => (value === 'production' ? 'production' : 'development'));

/** An http(s) origin with an optional path, no query or fragment; a trailing `/` is dropped. */
export const webOrigin = z
  .string()
  .refine((value) => {
    const url = parseUrl(value);
    return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && !url.username && !url.password;
  }, 'must be an http(s) URL without query, fragment or credentials (e.g. https://auth.example.com)')
  .transform((value) => value.replace(/\/+$/, ''));

/** Comma list of exact web origins (scheme://host[:port], nothing else). */
export const origins = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
  .refine(
    (entries) => entries.every((entry) => parseUrl(entry)?.origin === entry.replace(/\/$/, '') && /^https?:/.test(entry)),
    'must be a comma list of origins like https://app.example.com (scheme, host and port only)',
  )
  .transform((entries) => entries.map((entry) => new URL(entry).origin));

export const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:$/.test(parseUrl(value)?.protocol ?? ''), 'must be a postgres:// or postgresql:// URL');

/** One `redis://`/`rediss://` URL, or a comma list of cluster nodes (`host:port` or URLs), as the store reads it. */
export const redisUrls = z.string().refine((value) => {
  try {
    parseRedisUrl(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a redis:// or rediss:// URL, or a comma list of cluster nodes');

/** Fastify's `trustProxy`: a boolean, a hop count, or a list of addresses/CIDRs. */
export const trustProxy = z.string().transform((value, context): boolean | number | string[] => {
  const lowered = value.toLowerCase();
  if (lowered === 'true' || lowered === 'false') return lowered === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  const valid = entries.length > 0 && entries.every((entry) => isIP(entry.split('/')[0] ?? '') !== 0 || entry === 'loopback' || entry === 'linklocal' || entry === 'uniquelocal');
  if (!valid) {
    context.addIssue({ code: 'custom', message: 'must be true, false, a hop count, or a comma list of proxy IPs/CIDRs' });
    return z.NEVER;
  }
  return entries;
});

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
