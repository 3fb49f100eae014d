/**
 * The freshness lifetime a response's `Cache-Control` grants, in ms (RFC 9111 §5.2.2.1
 * `max-age`), or `undefined` when it states none. `no-store` and `no-cache` count as 0. A
 * repeated or malformed `max-age` counts as 0 (RFC 9111 §4.2.1: such a response may be treated as
 * stale). `s-maxage` is for shared caches and is ignored.
 */
export function cacheControlMaxAgeMs(header: string | null | undefined): number | undefined {
  if (header === null || header === undefined) return undefined;
  let maxAge: number | undefined;
  for (const part of header.split(',')) {
    const directive = part.trim();
    const equals = directive.indexOf('=');
    const name = (equals < 0 ? directive : directive.slice(0, equals)).trim().toLowerCase();
    if (name === 'no-store' || name === 'no-cache') return 0;
    if (name !== 'max-age') continue;
    const value = equals < 0 ? '' : directive.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
    // RFC 9111 §1.2.2: delta-seconds is 1*DIGIT.
    if (maxAge !== undefined || !/^\d+$/.test(value)) return 0;
    maxAge = Number(value) * 1000;
  }
  return maxAge;
}
