import { describe, expect, it } from 'vitest';
import { median, medianOf, percentile, percentileOfSorted, relativeSpread, summarizeLatencies } from '../../src/stats/statistics.js';

describe('median', () => {
  it('takes the middle value of an odd count, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is NaN for nothing', () => {
    expect(median([])).toBeNaN();
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it('interpolates between closest ranks (R-7, as numpy)', () => {
    expect(percentile(oneToHundred, 50)).toBeCloseTo(50.5, 10);
    expect(percentile(oneToHundred, 99)).toBeCloseTo(99.01, 10);
    expect(percentile(oneToHundred, 90)).toBeCloseTo(90.1, 10);
  });
  it('answers the extremes at 0 and 100', () => {
    expect(percentile([7, 3, 9], 0)).toBe(3);
    expect(percentile([7, 3, 9], 100)).toBe(9);
  });
  it('answers the only value of a single sample', () => {
    expect(percentileOfSorted([42], 99)).toBe(42);
  });
  it('refuses a percentile outside 0..100', () => {
    expect(() => percentileOfSorted([1, 2], 101)).toThrow(RangeError);
  });
  it('is NaN for an empty sample', () => {
    expect(percentileOfSorted([], 50)).toBeNaN();
  });
});

describe('summarizeLatencies', () => {
  it('summarizes milliseconds exactly', () => {
    const summary = summarizeLatencies(new Float64Array([1, 2, 3, 4, 100]));
    expect(summary).toMatchObject({ count: 5, meanMs: 22, p50Ms: 3, maxMs: 100 });
    expect(summary.p99Ms).toBeCloseTo(96.16, 10);
  });
});

describe('medianOf and relativeSpread', () => {
  it('takes the median of a field, ignoring non-finite values', () => {
    expect(medianOf([{ v: 1 }, { v: Number.NaN }, { v: 3 }], (r) => r.v)).toBe(2);
  });
  it('spread is (max − min) / median', () => {
    expect(relativeSpread([90, 100, 110])).toBeCloseTo(0.2, 10);
    expect(relativeSpread([5])).toBe(0);
  });
});
