import { InvalidCredentialsError, InvalidInputError, InvalidSecondFactorError, type UserRecord } from '@tessera/core';
import type { AppContext } from '../app/app-context.js';
import { isCredentialFailure, secondFactorThrottleKey } from './credential-failure.js';

export interface ReauthenticationProof {
  password?: string | undefined;
  code?: string | undefined;
}

/**
 * Proof of presence before a sensitive change (ASVS 5.0 V6.4.x / V7.5.1: re-authentication before
 * changing factors or deleting the account): the current password, or a current TOTP code (spent
 * like any other). Charged to the same throttles as a login, so the form is no guessing oracle.
 */
export async function reauthenticate(
  { tessera, throttle }: Pick<AppContext, 'tessera' | 'throttle'>,
  user: UserRecord,
  proof: ReauthenticationProof,
  ip: string,
): Promise<'password' | 'code'> {
  if (proof.password !== undefined && proof.password !== '') {
    await throttle.guard(user.email, ip, async () => {
      if (!(await tessera.accounts.verifyPassword(user.id, proof.password))) throw new InvalidCredentialsError();
    }, isCredentialFailure);
    return 'password';
  }
  if (proof.code !== undefined && proof.code !== '') {
    await throttle.guard(secondFactorThrottleKey(user.id), ip, async () => {
      if (!(await tessera.factors.verifyTotp(user.id, proof.code!.replace(/\s/g, '')))) throw new InvalidSecondFactorError();
    }, isCredentialFailure);
    return 'code';
  }
  throw new InvalidInputError('give your password or a current code', 'password');
}
