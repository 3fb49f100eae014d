/** Where a page goes after login or sign-up when `?next=` is absent or refused. */
export const defaultLandingPath = '/account';

const maxNextLength = 2048;
/** Absolute-path reference (RFC 3986 §4.2) made only of characters a URL may carry as-is. */
const plainPath = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/;

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
 */
export function safeNextPath(raw: string | undefined | null): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > maxNextLength) return null;
  if (!plainPath.test(raw)) return null;
  let decoded = raw;
  for (let round = 0; round < 3; round++) {
    if (looksExternal(decoded)) return null;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (looksExternal(decoded)) return null;
  const url = new URL(raw, 'http://tessera.invalid');
  if (url.origin !== 'http://tessera.invalid') return null;
  if (url.pathname === '/login' || url.pathname === '/signup') return null;
  return url.pathname + url.search + url.hash;
}

function looksExternal(path: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  return !path.startsWith('/') || path.startsWith('//') || path.includes('\\') || /[\u0000-\u001f\u007f-\u009f]/.test(path);
}
