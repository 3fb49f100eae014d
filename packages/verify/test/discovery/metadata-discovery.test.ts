import { describe, expect, it } from 'vitest';
import { MetadataDiscovery, metadataUrl } from '../../src/discovery/metadata-discovery.js';
import { revocationStreamUrl } from '../../src/index.js';

describe('metadataUrl (RFC 8414 §3.1)', () => {
  it.each([
    ['https://auth.example.com', 'https://auth.example.com/.well-known/oauth-authorization-server'],
    ['https://auth.example.com/', 'https://auth.example.com/.well-known/oauth-authorization-server'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/.well-known/oauth-authorization-server'],
    ['https://example.com/tenant/a', 'https://example.com/.well-known/oauth-authorization-server/tenant/a'],
  ])('%s → %s', (issuer, url) => {
    expect(metadataUrl(issuer)).toBe(url);
  });

  it('builds the revocation stream URL from the issuer', () => {
    expect(revocationStreamUrl('https://a.test/')).toBe('https://a.test/oauth/revocations/stream');
  });
});

describe('MetadataDiscovery', () => {
  it('shares one request between concurrent callers, keeps a success, retries after a failure', async () => {
    let calls = 0;
    let fail = true;
    const discovery = new MetadataDiscovery('https://a.test', async () => {
      calls++;
      if (fail) return new Response('down', { status: 503 });
      return Response.json({ issuer: 'https://a.test', jwks_uri: 'https://a.test/jwks' });
    });
    await expect(discovery.get()).rejects.toThrow(/503/);
    fail = false;
    const [a, b] = await Promise.all([discovery.get(), discovery.get()]);
    expect(a).toBe(b);
    await discovery.get();
    expect(calls).toBe(2);
  });

  it('refuses metadata with a non-string jwks_uri', async () => {
    const discovery = new MetadataDiscovery('https://a.test', async () => Response.json({ issuer: 'https://a.test', jwks_uri: 42 }));
    await expect(discovery.get()).rejects.toThrow(/jwks_uri/);
  });
});
