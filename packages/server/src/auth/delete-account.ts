import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { UserRecord } from '@tessera/core';
import type { AppContext } from '../app/app-context.js';
import { reauthenticate } from './reauthenticate.js';

export type DeletionProof = { password: string } | { challengeId: string; credential: AuthenticationResponseJSON };

/**
 * Deletes the signed-in user's own account after fresh proof (the password, or one of the user's
 * passkeys): `Tessera.removeUser` disables it first, ends every session, refresh family and live
 * access token, deletes its factors and passkeys, then the user, each step in the audit log.
 */
export async function deleteOwnAccount(context: Pick<AppContext, 'tessera' | 'throttle' | 'passkeys'>, user: UserRecord, proof: DeletionProof, ip: string): Promise<void> {
  if ('password' in proof) await reauthenticate(context, user, { password: proof.password }, ip);
  else await context.passkeys.authenticate(proof.challengeId, proof.credential, user);
  await context.tessera.stores.audit.append({ at: context.tessera.clock.now(), type: 'user.deleted_by_self', userId: user.id, ip, detail: { proof: 'password' in proof ? 'password' : 'passkey' } });
  await context.tessera.removeUser(user.id, { ip });
}
