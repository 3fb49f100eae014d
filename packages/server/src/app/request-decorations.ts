import type { SessionRecord, UserRecord } from '@tessera/core';

/** A request authenticated by its session cookie. `token` is the cookie value (never logged). */
export interface SessionAuth {
  token: string;
  session: SessionRecord;
  user: UserRecord;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession`; null on routes that do not require a session. */
    sessionAuth: SessionAuth | null;
  }
}
