import { describe, expect, it } from 'vitest';
import type { Claims } from '../../src/claims.js';
import { reconnectDelayMs } from '../../src/revocation/reconnect-backoff.js';
import { RevocationSet } from '../../src/revocation/revocation-set.js';

const claims = (extra: Partial<Claims> = {}): Claims => ({ iss: 'i', sub: 'u1', exp: 2000, iat: 1000, jti: 'j1', sid: 's1', ...extra });

describe('RevocationSet', () => {
  it('matches by sid, jti and sub (iat at or before the revocation)', () => {
    const set = new RevocationSet();
    set.add({ kind: 'session', sid: 's1', revokedAtSeconds: 1, untilMs: 10_000 }, 0);
    set.add({ kind: 'token', jti: 'j2', revokedAtSeconds: 1, untilMs: 10_000 }, 0);
    set.add({ kind: 'user', sub: 'u3', revokedAtSeconds: 1000.5, untilMs: 10_000 }, 0);
    expect(set.matches(claims(), 1)).toBe(true);
    expect(set.matches(claims({ sid: 's9', jti: 'j2' }), 1)).toBe(true);
    expect(set.matches(claims({ sid: 's9', sub: 'u3', iat: 1000 }), 1)).toBe(true);
    expect(set.matches(claims({ sid: 's9', sub: 'u3', iat: 1001 }), 1)).toBe(false);
    expect(set.matches(claims({ sid: 's9' }), 1)).toBe(false);
  });

  it('a later user revocation moves the cut-off forward', () => {
    const set = new RevocationSet();
    set.add({ kind: 'user', sub: 'u1', revokedAtSeconds: 900, untilMs: 10_000 }, 0);
    expect(set.matches(claims({ sid: undefined, jti: undefined }), 1)).toBe(false);
    set.add({ kind: 'user', sub: 'u1', revokedAtSeconds: 1100, untilMs: 10_000 }, 0);
    expect(set.matches(claims({ sid: undefined, jti: undefined }), 1)).toBe(true);
  });

  it('drops entries at until, and ignores entries already past', () => {
    const set = new RevocationSet();
    set.add({ kind: 'session', sid: 's1', revokedAtSeconds: 1, untilMs: 100 }, 0);
    set.add({ kind: 'session', sid: 's2', revokedAtSeconds: 1, untilMs: 50 }, 60);
    expect(set.size).toBe(1);
    expect(set.matches(claims(), 99)).toBe(true);
    expect(set.matches(claims(), 100)).toBe(false);
    expect(set.size).toBe(0);
  });

  it('is bounded, and says it is incomplete while an evicted entry could still matter', () => {
    const set = new RevocationSet(2);
    set.add({ kind: 'token', jti: 'a', revokedAtSeconds: 1, untilMs: 500 }, 0);
    set.add({ kind: 'token', jti: 'b', revokedAtSeconds: 1, untilMs: 500 }, 0);
    expect(set.incompleteUntil).toBe(0);
    set.add({ kind: 'token', jti: 'c', revokedAtSeconds: 1, untilMs: 500 }, 0);
    expect(set.size).toBe(2);
    expect(set.incompleteUntil).toBe(500);
    // Expired entries are swept before anything live is evicted.
    set.add({ kind: 'token', jti: 'd', revokedAtSeconds: 1, untilMs: 900 }, 600);
    expect(set.incompleteUntil).toBe(500);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles up to the maximum, with jitter between half and all of it', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => reconnectDelayMs(attempt, 500, 30_000, () => 1))).toEqual([500, 1000, 2000, 4000, 30_000]);
    expect(reconnectDelayMs(3, 500, 30_000, () => 0)).toBe(2000);
    expect(reconnectDelayMs(1e6, 500, 30_000, () => 0.5)).toBe(22_500);
  });
});
