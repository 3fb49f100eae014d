import { describe, expect, it } from 'vitest';
import { cacheControlMaxAgeMs } from '../../src/http/cache-control.js';

describe('cacheControlMaxAgeMs (RFC 9111 §5.2.2.1)', () => {
  it.each([
    ['max-age=300', 300_000],
    ['public, max-age=60', 60_000],
    ['Public, MAX-AGE=5, must-revalidate', 5_000],
    ['max-age="120"', 120_000],
    ['s-maxage=10, max-age=20', 20_000],
    ['max-age=0', 0],
    ['no-store', 0],
    ['no-cache, max-age=600', 0],
    ['max-age=60, max-age=70', 0],
    ['max-age=-1', 0],
    ['max-age=1.5', 0],
    ['max-age=', 0],
    ['max-age', 0],
  ])('%j → %j ms', (header, expected) => {
    expect(cacheControlMaxAgeMs(header)).toBe(expected);
  });

  it.each([null, undefined, '', 'public', 's-maxage=10', 'private, must-revalidate'])('%j states no max-age', (header) => {
    expect(cacheControlMaxAgeMs(header)).toBeUndefined();
  });
});
