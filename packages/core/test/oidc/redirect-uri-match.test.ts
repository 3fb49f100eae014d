import { describe, expect, it } from 'vitest';
import { isRegisteredRedirectUri } from '../../src/index.js';

describe('isRegisteredRedirectUri', () => {
  const registered = ['https://app.example/callback', 'http://127.0.0.1/cb', 'http://[::1]:4000/native', 'http://localhost:3000/cb', 'com.example.app:/oauth'];

  it('matches a registered URI exactly, including a private-use scheme', () => {
    expect(isRegisteredRedirectUri(registered, 'https://app.example/callback')).toBe(true);
    expect(isRegisteredRedirectUri(registered, 'com.example.app:/oauth')).toBe(true);
  });

  it('refuses prefixes, extra paths, queries, fragments, case changes and other schemes', () => {
    for (const uri of [
      'https://app.example/callback/',
      'https://app.example/callback/evil',
      'https://app.example/callback?x=1',
      'https://app.example/callback#x',
      'https://APP.example/callback',
      'http://app.example/callback',
      'https://app.example.evil.test/callback',
      'https://app.example:443/callback',
    ]) {
      expect(isRegisteredRedirectUri(registered, uri), uri).toBe(false);
    }
  });

  it('lets a loopback IP redirect use any port, same host and path (RFC 8252 §7.3)', () => {
    expect(isRegisteredRedirectUri(registered, 'http://127.0.0.1:53127/cb')).toBe(true);
    expect(isRegisteredRedirectUri(registered, 'http://127.0.0.1/cb')).toBe(true);
    expect(isRegisteredRedirectUri(registered, 'http://[::1]:61000/native')).toBe(true);
    expect(isRegisteredRedirectUri(registered, 'http://127.0.0.1:53127/other')).toBe(false);
    expect(isRegisteredRedirectUri(registered, 'http://127.0.0.1:53127/cb?x=1')).toBe(false);
    expect(isRegisteredRedirectUri(registered, 'http://[::1]:61000/cb')).toBe(false);
    expect(isRegisteredRedirectUri(registered, 'https://127.0.0.1:53127/cb')).toBe(false);
    expect(isRegisteredRedirectUri(registered, 'http://127.0.0.1:53127@evil.test/cb')).toBe(false);
  });

  it('keeps localhost to its exact port (RFC 8252 §8.3 advises against it; no port freedom)', () => {
    expect(isRegisteredRedirectUri(registered, 'http://localhost:3000/cb')).toBe(true);
    expect(isRegisteredRedirectUri(registered, 'http://localhost:3001/cb')).toBe(false);
  });
});
