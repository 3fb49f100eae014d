/** RFC 9068 §2.2 claims of a Tessera access token (epoch seconds, as JWT requires). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope: string;
  /** The session or refresh family this token belongs to; absent for client_credentials tokens. */
  sid?: string;
}
