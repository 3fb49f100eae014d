/** Where a page goes after login or sign-up when `?next=` is absent or refused. */
export const defaultLandingPath = '/account';

const maxNextLength = 2048;
/** Absolute-path reference (RFC 3986 §4.2) made only of characters a URL may carry as-is. */
const plainPath = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/;
/** How many rounds of percent-decoding are checked: a proxy or app behind us may decode again. */
const decodeRounds = 3;
/** Stands in for the issuer when a caller has none (the unit tests); only the origin comparison uses it. */
const placeholderOrigin = 'http://tessera.invalid';

/**
 * The `?next=` target if, and only if, it is a path on this origin; otherwise null (ASVS 5.0
 * V15.2.x / OWASP Unvalidated Redirects Cheat Sheet: allow-list local paths, never parse-and-hope).
 *
 * Refused: anything not starting with exactly one `/` (`https://evil`, `javascript:…`, `evil.com`),
 * scheme-relative `//evil` and its backslash forms (`/\evil`: browsers treat `\` as `/`), control
 * characters and whitespace (browsers strip tab/CR/LF, so `/\t/evil` would become `//evil`), and
 * the same tricks percent-encoded once or twice (`/%2F%2Fevil`, `/%5Cevil`, `%252F…`), in case a
 * proxy or app behind us decodes the path before redirecting again. The login and sign-up pages
 * themselves are refused too (no loops).
 *
 * Dot segments are the trap (audit issue 9, finding 2): URL parsing removes them (RFC 3986
 * §5.2.4, and WHATWG URL treats `%2e` as `.`), so `/.//evil` and `/%2e%2e//evil` *resolve* to
 * `//evil`. So the target is resolved against the issuer, and both the input and what is returned
 * are checked, raw, normalised and decoded, for a scheme-relative start.
 */
export function safeNextPath(raw: string | undefined | null, issuer: string = placeholderOrigin): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxNextLength) return null;
  if (!plainPath.test(raw)) return null;
  const origin = new URL(issuer).origin;
  if (!staysLocal(raw, origin)) return null;
  const url = new URL(raw, origin);
  if (url.origin !== origin) return null;
  if (url.pathname === '/login' || url.pathname === '/signup') return null;
  const target = url.pathname + url.search + url.hash;
  return staysLocal(target, origin) ? target : null;
}

/** `path`, and each of its percent-decoded forms, both as written and once URL-normalised, is a local path. */
function staysLocal(path: string, origin: string): boolean {
  let form = path;
  for (let round = 0; round <= decodeRounds; round++) {
    if (looksExternal(form)) return false;
    const resolved = new URL(form, origin);
    if (resolved.origin !== origin || looksExternal(resolved.pathname)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return false;
    }
    if (decoded === form) return true;
    form = decoded;
  }
  // Still changing after every round: more encoding layers than any honest link has.
  return false;
}

function looksExternal(path: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return !path.startsWith('/') || path.startsWith('//') || path.includes('\\') || /[\u0000-\u001f\u007f-\u009f]/.test(path);
}
