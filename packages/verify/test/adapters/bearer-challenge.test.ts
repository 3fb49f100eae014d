import { describe, expect, it } from 'vitest';
import { authFailure, bearerToken, isOutage } from '../../src/adapters/bearer-challenge.js';
import { VerifyError } from '../../src/index.js';

describe('bearerToken (RFC 6750 §2.1)', () => {
  it.each([
    ['Bearer abc.def-ghi_jkl', 'abc.def-ghi_jkl'],
    ['bearer abc', 'abc'],
    ['BEARER   abc', 'abc'],
    ['Bearer abc== ', 'abc=='],
    ['Bearer a~+/b', 'a~+/b'],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([undefined, '', 'Basic dXNlcjpwYXNz', 'Bearerabc', 'DPoP abc'])('%j → no token', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });

  it.each(['Bearer', 'Bearer ', 'Bearer a b', 'Bearer a"b', 'Bearer =abc', 'Bearer\tabc'])('%j → token_malformed', (header) => {
    expect(() => bearerToken(header)).toThrow(expect.objectContaining({ code: 'token_malformed' }));
  });

  it('takes the first of repeated headers', () => {
    expect(bearerToken(['Bearer first', 'Bearer second'])).toBe('first');
  });
});

describe('authFailure', () => {
  it('keeps error_description inside the characters RFC 6750 allows', () => {
    const failure = authFailure(new VerifyError('invalid_signature', 'bad "quote" \\ and\nnewline é'));
    expect(failure.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="bad  quote    and newline  "');
    expect(failure.body.error_description).toBe('bad  quote    and newline  ');
  });

  it('answers 503 with Retry-After and no challenge when the verifier cannot decide', () => {
    for (const code of ['jwks_unavailable', 'introspection_failed', 'revocation_state_stale'] as const) {
      const failure = authFailure(new VerifyError(code, 'x'));
      expect(failure.status).toBe(503);
      expect(failure.headers).toEqual({ 'retry-after': '5', 'content-type': 'application/json', 'cache-control': 'no-store' });
      expect(failure.body).toEqual({ error: 'temporarily_unavailable', error_description: 'x' });
    }
    expect(isOutage('revoked')).toBe(false);
    expect(isOutage('unknown_key')).toBe(false);
  });

  it('maps codes to statuses: 403 only for insufficient_scope', () => {
    expect(authFailure(new VerifyError('insufficient_scope', 'x'), ['a', 'b']).headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", error_description="x", scope="a b"',
    );
    expect(authFailure(new VerifyError('revoked', 'x')).status).toBe(401);
    expect(authFailure(new VerifyError('token_missing', 'x')).headers['www-authenticate']).toBe('Bearer');
  });
});
