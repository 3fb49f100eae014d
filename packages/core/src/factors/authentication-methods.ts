import type { SessionRecord } from '../model/records.js';

/**
 * RFC 8176 §2 method values Tessera records: `pwd` password, `otp` one-time code (TOTP or a
 * recovery code), `hwk`/`swk` proof of a hardware-bound / synced (software-held) key, `user` a
 * user-verification test, `mfa` more than one factor.
 */
export type AuthenticationMethod = 'pwd' | 'otp' | 'hwk' | 'swk' | 'user' | 'mfa';

/** Where the login's methods ride in the session's data (sessions are new at every login, so they never go stale). */
const sessionDataKey = 'tessera_amr';

export function sessionDataFor(amr: readonly AuthenticationMethod[]): Record<string, unknown> {
  return { [sessionDataKey]: [...amr] };
}

/** The methods of the login that started `session`; sessions from before second factors existed were password logins. */
export function sessionAmr(session: Pick<SessionRecord, 'data'>): AuthenticationMethod[] {
  const stored = session.data[sessionDataKey];
  return Array.isArray(stored) && stored.every((value) => typeof value === 'string') ? (stored as AuthenticationMethod[]) : ['pwd'];
}

/** A password plus a code. */
export const passwordAndOtp: AuthenticationMethod[] = ['pwd', 'otp', 'mfa'];

/**
 * A passkey with user verification: possession of the key and the PIN/biometric, which is two
 * factors by itself (`mfa`). A synced passkey is `swk`, a device-bound one `hwk`.
 */
export function passkeyAmr(backedUp: boolean, afterPassword: boolean): AuthenticationMethod[] {
  const key: AuthenticationMethod = backedUp ? 'swk' : 'hwk';
  return afterPassword ? ['pwd', key, 'user', 'mfa'] : [key, 'user', 'mfa'];
}
