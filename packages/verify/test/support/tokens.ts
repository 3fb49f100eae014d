import { compactJws, signBytes, type TestKey } from './keys.js';

export const ISSUER = 'https://auth.test';
export const AUDIENCE = 'orders';
/** 2030-01-01T00:00:00Z: a fixed "now" for deterministic claim checks. */
export const NOW_MS = Date.UTC(2030, 0, 1);
export const NOW_S = NOW_MS / 1000;

export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'user-1',
    aud: AUDIENCE,
    exp: NOW_S + 600,
    iat: NOW_S - 10,
    jti: 'jti-1',
    client_id: 'first-party',
    scope: 'orders:read profile',
    sid: 'sid-1',
    ...overrides,
  };
}

/** An access token signed by `key` (header `typ: at+jwt`, `kid`), with optional header/claim changes. */
export function accessToken(key: TestKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  return compactJws({ alg: key.alg, typ: 'at+jwt', kid: key.kid, ...header }, accessClaims(claims), (input) => signBytes(key.alg, key.privateKey, input));
}

export function fixedClock(start = NOW_MS): { now: () => number; set: (ms: number) => void; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, set: (ms) => (now = ms), advance: (ms) => (now += ms) };
}
