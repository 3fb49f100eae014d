import type { Tessera } from '@tessera/core';

/**
 * The CSP source expression that lets a form's redirect chain end at `redirectUri`: its origin for
 * http(s), its scheme for a native app's private-use scheme (RFC 8252 §7.1). Null for anything
 * else. Only ever called with a registered redirect URI.
 */
export function redirectCspSource(redirectUri: string): string | null {
  const url = new URL(redirectUri);
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? url.protocol : null;
}

/**
 * For a login or sign-up form whose `next` is an authorization request: the source of that
 * request's redirect URI, if the client and URI are registered. The form's redirect chain (POST →
 * /oauth/authorize → the client) then passes `form-action`; any other `next` adds nothing.
 */
export async function formActionSourcesFor(tessera: Tessera, next: string | null): Promise<string[]> {
  if (next === null) return [];
  const url = new URL(next, 'http://next.invalid');
  if (url.pathname !== authorizePath) return [];
  try {
    const target = await tessera.oidc.authorization.target(Object.fromEntries(url.searchParams));
    const source = redirectCspSource(target.redirectUri);
    return source === null ? [] : [source];
  } catch {
    return [];
  }
}

export const authorizePath = '/oauth/authorize';
export const consentPath = '/oauth/authorize/consent';
