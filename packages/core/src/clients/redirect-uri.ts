import { InvalidInputError } from '../errors/tessera-error.js';

/** IP literals a loopback redirect may use (RFC 8252 §7.3); `localhost` is allowed but not recommended (§8.3). */
const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** RFC 8252 §7.1: a private-use scheme is a reversed domain name the app controls, so it has a dot. */
const privateUseScheme = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;

export function isLoopbackHttpUri(url: URL): boolean {
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

/**
 * Checks one URI the client registers for a browser to be sent to (redirect or post-logout
 * redirect): absolute, without a fragment (RFC 6749 §3.1.2), and `https`, loopback `http` for
 * native apps (RFC 8252 §7.3) or a private-use scheme (RFC 8252 §7.1). Plain `http` elsewhere
 * would hand codes to anyone on the path (RFC 9700 §4.1.3 / OAuth 2.1 §1.5).
 */
export function assertRedirectUri(value: string, field: string): void {
  const url = parseAbsolute(value, field);
  if (url.protocol === 'https:' || isLoopbackHttpUri(url) || privateUseScheme.test(url.protocol)) return;
  if (url.protocol === 'http:') throw new InvalidInputError(`${value}: plain http only on loopback (127.0.0.1, [::1]); use https`, field);
  throw new InvalidInputError(`${value}: scheme must be https, loopback http or a reverse-domain private-use scheme (RFC 8252 §7)`, field);
}

/** OIDC Back-Channel Logout §2.2: absolute, no fragment; `https` (or loopback `http`), since Tessera POSTs to it. */
export function assertBackchannelLogoutUri(value: string, field: string): void {
  const url = parseAbsolute(value, field);
  if (url.protocol !== 'https:' && !isLoopbackHttpUri(url)) throw new InvalidInputError(`${value}: must be https (or http on loopback)`, field);
}

function parseAbsolute(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(`${value}: not an absolute URI`, field);
  }
  // `new URL` drops an empty trailing `#`; the raw text decides.
  if (value.includes('#')) throw new InvalidInputError(`${value}: must not contain a fragment (RFC 6749 §3.1.2)`, field);
  if (url.username !== '' || url.password !== '') throw new InvalidInputError(`${value}: must not carry credentials`, field);
  return url;
}

/**
 * Whether `requested` names a registered redirect URI: compared exactly (RFC 9700 §4.1.3),
 * except that a loopback IP redirect may use any port (RFC 8252 §7.3), since a native app
 * listens on whatever port the OS gives it.
 */
export function matchesRegisteredRedirectUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  const candidate = tryParse(requested);
  if (!candidate || !isLoopbackHttpUri(candidate) || candidate.hostname === 'localhost') return false;
  return registered.some((entry) => {
    const url = tryParse(entry);
    if (!url || !isLoopbackHttpUri(url) || url.hostname !== candidate.hostname) return false;
    url.port = candidate.port;
    // Against the raw text, so `..` segments or escapes cannot normalise into a match.
    return url.href === requested;
  });
}

function tryParse(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}
