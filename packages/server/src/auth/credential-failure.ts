import { InvalidCredentialsError, InvalidResourceOwnerCredentialsError, RateLimitedError } from '@tessera/core';

/**
 * A wrong password or unknown email, whichever door it came through (`/auth/login`, the hosted
 * login form, the password grant): the one failure the login throttle counts.
 */
export function isCredentialFailure(error: unknown): boolean {
  return error instanceof InvalidCredentialsError || error instanceof InvalidResourceOwnerCredentialsError;
}

/** The `outcome` label of the login metric for a failed attempt. */
export function loginFailureOutcome(error: unknown): 'failure' | 'throttled' {
  return error instanceof RateLimitedError ? 'throttled' : 'failure';
}
