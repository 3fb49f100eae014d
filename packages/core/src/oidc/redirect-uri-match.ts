/** Loopback IP literals (RFC 8252 §7.3). `localhost` is not one: §8.3 advises against it, so it matches exactly only. */
const loopbackHosts = new Set(['127.0.0.1', '[::1]']);

/**
 * Whether `requested` is one of the client's registered redirect URIs. The comparison is exact
 * string equality (OAuth 2.1 §2.3.1, RFC 9700 §4.1.3: no prefix or pattern matching), with one
 * exception: for an `http` loopback URI the port may differ, because a native app binds whatever
 * port is free at the moment (RFC 8252 §7.3).
 */
export function isRegisteredRedirectUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  const asked = parseLoopback(requested);
  if (!asked) return false;
  return registered.some((uri) => {
    const candidate = parseLoopback(uri);
    return candidate !== null && candidate.host === asked.host && candidate.rest === asked.rest;
  });
}

/** An `http://<loopback IP>[:port]/…` URI as its host and everything after the port, or null. */
function parseLoopback(uri: string): { host: string; rest: string } | null {
  const match = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(\/[^#]*)?$/.exec(uri);
  if (!match) return null;
  const [, host = '', , rest = '/'] = match;
  if (!loopbackHosts.has(host)) return null;
  return { host, rest };
}
