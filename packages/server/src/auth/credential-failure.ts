import { InvalidCredentialsError, InvalidResourceOwnerCredentialsError, InvalidSecondFactorError, RateLimitedError } from '@tessera/core';

/**
 * A wrong password or unknown email, whichever door it came through (`/auth/login`, the hosted
 * login form, the password grant), or a wrong second-factor code: the failures the login throttle counts.
 */
export function isCredentialFailure(error: unknown): boolean {
  return error instanceof InvalidCredentialsError || error instanceof InvalidResourceOwnerCredentialsError || error instanceof InvalidSecondFactorError;
}

/**
 * The throttle's "account" for second-factor attempts: its own counters per user (a code guesser
 * cannot spend the password budget, nor the other way round), and the IP counter it shares with
 * passwords. Not an email, so it never collides with one.
 */
export function secondFactorThrottleKey(userId: string): string {
  return `second-factor ${userId}`;
}

/** The `outcome` label of the login metric for a failed attempt. */
export function loginFailureOutcome(error: unknown): 'failure' | 'throttled' {
  return error instanceof RateLimitedError ? 'throttled' : 'failure';
}
