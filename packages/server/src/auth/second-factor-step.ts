import { passwordAndOtp, type AuthenticationMethod, type UserRecord } from '@tessera/core';
import type { AppContext } from '../app/app-context.js';
import { isCredentialFailure, loginFailureOutcome, secondFactorThrottleKey } from './credential-failure.js';

/**
 * The second login step by code, for `/auth/login/mfa` and the hosted page alike: the `mfa_token`
 * names the user (else `MfaTokenInvalidError`), the attempt is charged to the second-factor
 * throttle before the code is checked (a wrong code keeps its charge, as a wrong password does),
 * and the code is spent. Answers the user and the login's methods.
 */
export async function completeWithCode(
  { tessera, throttle, metrics }: Pick<AppContext, 'tessera' | 'throttle' | 'metrics'>,
  mfaToken: unknown,
  code: unknown,
  ip: string,
): Promise<{ user: UserRecord; amr: AuthenticationMethod[] }> {
  const user = await tessera.twoStepLogin.userFor(mfaToken);
  try {
    await throttle.guard(secondFactorThrottleKey(user.id), ip, () => tessera.factors.verifyCode(user.id, code, { ip }), isCredentialFailure);
  } catch (error) {
    metrics.login('second_factor', loginFailureOutcome(error));
    throw error;
  }
  metrics.login('second_factor', 'success');
  return { user, amr: passwordAndOtp };
}
