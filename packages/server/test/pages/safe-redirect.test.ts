import { describe, expect, it } from 'vitest';
import { safeNextPath } from '../../src/pages/safe-redirect.js';
import { openRedirectVariants } from './support/open-redirect-variants.js';

describe('safeNextPath', () => {
  it.each([
    ['/account', '/account'],
    ['/account?tab=devices#password', '/account?tab=devices#password'],
    ['/app/orders/42', '/app/orders/42'],
    ['/a/../account', '/account'],
    ['/search?q=a%20b', '/search?q=a%20b'],
  ])('accepts the local path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    // Absolute and scheme-relative URLs, other schemes.
    'https://evil.example/',
    'http://evil.example',
    '//evil.example',
    '///evil.example',
    '//evil.example/%2F..',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,x',
    'evil.example',
    'account',
    // Backslashes: browsers treat them as slashes.
    '/\\evil.example',
    '\\/evil.example',
    '\\\\evil.example',
    // Whitespace and control characters that browsers strip, turning `/\t/evil` into `//evil`.
    '/\t/evil.example',
    '/\n/evil.example',
    ' /account',
    // Encoded once and twice.
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%252F/evil.example',
    '/%25252F/evil.example',
    '/%09/evil.example',
    '/%0d%0a/evil.example',
    '/%E0%A4%A', // malformed escape
    // Characters outside a plain path, and loops.
    '/account<script>',
    '/login',
    '/signup?next=/account',
    '',
    `/${'a'.repeat(2100)}`,
  ])('refuses %j', (raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });

  describe('audit finding 2: open redirect via dot segments', () => {
    it.each(openRedirectVariants)('refuses %j, which normalises or decodes to a scheme-relative path', (raw) => {
      expect(safeNextPath(raw)).toBeNull();
      expect(safeNextPath(raw, 'https://auth.example.com')).toBeNull();
    });

    it('resolves against the issuer and still returns only a path', () => {
      expect(safeNextPath('/a/./b/../account?x=1', 'https://auth.example.com/tessera')).toBe('/a/account?x=1');
      expect(safeNextPath('/%2e/account', 'https://auth.example.com')).toBe('/account');
    });
  });

  it('refuses a missing value', () => {
    expect(safeNextPath(undefined)).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});
