/** RFC 6750 §2.1 `b64token`. */
const bearerShape = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

export type BearerCredential =
  /** No `Authorization` header, or another scheme. */
  | { kind: 'absent' }
  | { kind: 'malformed' }
  | { kind: 'token'; token: string };

export function readBearerToken(header: string | undefined): BearerCredential {
  if (header === undefined || !/^bearer(\s|$)/i.test(header)) return { kind: 'absent' };
  const token = bearerShape.exec(header)?.[1];
  return token === undefined ? { kind: 'malformed' } : { kind: 'token', token };
}

/** RFC 6750 §3: the challenge of a 401, with `error="invalid_token"` when a token was presented. */
export function bearerChallenge(presented: boolean): string {
  return presented ? 'Bearer realm="tessera", error="invalid_token"' : 'Bearer realm="tessera"';
}
