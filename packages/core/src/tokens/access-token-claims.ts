/**
 * RFC 9068 §2.2 claims of a Tessera access token (epoch seconds, as JWT requires), as a verifier
 * accepted them. Structurally identical to `@tessera/verify`'s `AccessTokenClaims` (verify may not
 * depend on core, nor core on verify): `test/tokens/claims-vocabulary.test.ts` fails the typecheck
 * when the two drift. Unknown claims are kept as they came.
 */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly iat: number;
  readonly nbf?: number;
  readonly jti: string;
  readonly client_id: string;
  /** Space-separated scope tokens; RFC 9068 §2.2.3 makes it optional. Tessera always sets it. */
  readonly scope?: string;
  /** The session or refresh family this token belongs to; absent for client_credentials tokens. */
  readonly sid?: string;
  readonly [claim: string]: unknown;
}
