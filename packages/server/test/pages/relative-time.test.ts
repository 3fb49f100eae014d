import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatRelativeTime } from '../../src/pages/relative-time.js';

const now = Date.UTC(2026, 2, 3, 14, 5);
const minute = 60_000;

describe('formatRelativeTime', () => {
  it.each([
    [0, 'just now'],
    [30_000, 'just now'],
    [50_000, '1 minute ago'],
    [5 * minute, '5 minutes ago'],
    [59 * minute, '59 minutes ago'],
    [60 * minute, '1 hour ago'],
    [5 * 60 * minute, '5 hours ago'],
    [24 * 60 * minute, 'yesterday'],
    [3 * 24 * 60 * minute, '3 days ago'],
    [60 * 24 * 60 * minute, 'on Jan 2, 2026'],
  ])('%d ms ago reads %s', (elapsed, text) => {
    expect(formatRelativeTime(now - elapsed, now)).toBe(text);
  });

  it('treats a time in the future (clock skew) as now', () => {
    expect(formatRelativeTime(now + 5 * minute, now)).toBe('just now');
  });

  it('gives the exact time in UTC for tooltips', () => {
    expect(formatAbsoluteTime(now)).toBe('Mar 3, 2026, 2:05 PM UTC');
  });
});
