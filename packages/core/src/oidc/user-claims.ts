import type { UserRecord } from '../model/records.js';

/** Standard claims (OIDC Core §5.1) Tessera releases, by scope. */
export interface UserClaims {
  /** Public subject type (OIDC Core §8): the user id, the same for every client. */
  sub: string;
  email?: string;
  email_verified?: boolean;
}

/** The claims a token with `scopes` may see of `user` (OIDC Core §5.4: `email` → email, email_verified). */
export function userClaims(user: UserRecord, scopes: readonly string[]): UserClaims {
  const claims: UserClaims = { sub: user.id };
  if (scopes.includes('email')) {
    claims.email = user.email;
    claims.email_verified = isEmailVerified(user);
  }
  return claims;
}

/** Until the account records a verification, no address is claimed verified. */
function isEmailVerified(user: UserRecord): boolean {
  const verifiedAt = (user as UserRecord & { emailVerifiedAt?: number | null }).emailVerifiedAt;
  return typeof verifiedAt === 'number';
}
