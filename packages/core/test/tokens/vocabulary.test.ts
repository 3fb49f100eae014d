/**
 * core and verify keep their own copies of the token vocabulary (verify is jose-only and may not
 * depend on core). These checks are type-level: `npm run typecheck` fails when the copies drift,
 * and the runtime assertions below keep vitest from reporting an empty file.
 */
import { describe, expectTypeOf, it, expect } from 'vitest';
import type { AccessTokenClaims as VerifyAccessTokenClaims, Clock as VerifyClock } from '../../../verify/src/index.js';
import { HEARTBEAT_EVENT as VERIFY_HEARTBEAT_EVENT, SESSION_REVOKED_EVENT as VERIFY_SESSION_REVOKED_EVENT } from '../../../verify/src/index.js';
import type { AccessTokenClaims, Clock } from '../../src/index.js';
import { HEARTBEAT_EVENT, SESSION_REVOKED_EVENT, systemClock } from '../../src/index.js';

describe('one vocabulary between core and verify', () => {
  it('access-token claims are the same type', () => {
    expectTypeOf<AccessTokenClaims>().toEqualTypeOf<VerifyAccessTokenClaims>();
    // Both directions, so neither can pick up a member the other lacks.
    expectTypeOf<VerifyAccessTokenClaims>().toExtend<AccessTokenClaims>();
    expectTypeOf<AccessTokenClaims>().toExtend<VerifyAccessTokenClaims>();
  });

  it('a clock is the same shape', () => {
    expectTypeOf<Clock>().toEqualTypeOf<VerifyClock>();
    expect(typeof systemClock.now()).toBe('number');
  });

  it('security-event constants are spelled the same and mean the same', () => {
    expect(SESSION_REVOKED_EVENT).toBe(VERIFY_SESSION_REVOKED_EVENT);
    expect(HEARTBEAT_EVENT).toBe(VERIFY_HEARTBEAT_EVENT);
  });
});
