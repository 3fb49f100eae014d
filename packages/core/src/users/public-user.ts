import type { UserRecord } from '../model/records.js';

/** What clients see of a user: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  created_at: string;
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, email: user.email, created_at: new Date(user.createdAt).toISOString() };
}
