import { InvalidGrantError, InvalidInputError } from '@tessera/core';

/** Tessera's grant tokens (refresh tokens, codes) are base64url; 512 characters is far beyond any of them. */
const grantTokenShape = /^[A-Za-z0-9_-]{1,512}$/;

/**
 * The token a grant redeems (`refresh_token`, `code`). Missing is a malformed request
 * (`invalid_request`, RFC 6749 §5.2); anything present that cannot be one of ours, too long,
 * not base64url, or an access token (a JWT has dots), is `invalid_grant`, decided here without
 * a store look-up and never a 500.
 */
export function readGrantToken(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new InvalidInputError(`${name}: Required`, name);
  if (typeof value !== 'string' || !grantTokenShape.test(value)) throw new InvalidGrantError(`${name} is not valid`);
  return value;
}
