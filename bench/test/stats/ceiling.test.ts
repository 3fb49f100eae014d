import { describe, expect, it } from 'vitest';
import { ceilingPerCore, costUs, describeTarget, evaluateTarget, perCore } from '../../src/stats/ceiling.js';

describe('ceilingPerCore', () => {
  it('is 0.9 × 1/(b + v) per core, b and v in µs', () => {
    // The contract's example: b = 30 µs no-auth, v = 77 µs Ed25519 → 0.9 / 107 µs ≈ 8411/s.
    expect(ceilingPerCore(30, 77)).toBeCloseTo(0.9e6 / 107, 6);
  });
  it('is 0.9 × the no-auth rate when the auth step is free', () => {
    expect(ceilingPerCore(50, 0)).toBeCloseTo(18_000, 6);
  });
  it('is NaN without a usable baseline', () => {
    expect(ceilingPerCore(0, 10)).toBeNaN();
    expect(ceilingPerCore(Number.NaN, 10)).toBeNaN();
  });
});

describe('costUs and perCore', () => {
  it('converts a rate to µs per operation', () => {
    expect(costUs(12_900)).toBeCloseTo(77.52, 2);
    expect(costUs(0)).toBeNaN();
  });
  it('divides by the cores used', () => {
    expect(perCore(10_000, 0.5)).toBe(20_000);
    expect(perCore(10_000, 0)).toBeNaN();
  });
});

describe('evaluateTarget', () => {
  it('meets a higher-is-better target at or above the requirement', () => {
    const target = evaluateTarget({ kind: 'ceiling', rule: 'r', required: 100, measured: 120, unit: 'req/s' });
    expect(target).toMatchObject({ met: true, attainment: 1.2, shortfall: 0 });
    expect(describeTarget(target)).toBe('met (120 %)');
  });
  it('says by how much a target is missed', () => {
    const target = evaluateTarget({ kind: 'ceiling', rule: 'r', required: 100, measured: 77, unit: 'req/s' });
    expect(target.met).toBe(false);
    expect(target.shortfall).toBeCloseTo(0.23, 10);
    expect(describeTarget(target)).toBe('missed by 23 %');
  });
  it('handles lower-is-better (latency) targets', () => {
    const met = evaluateTarget({ kind: 'latency-max', rule: 'p99 < 100 ms', required: 100, measured: 40, unit: 'ms', lowerIsBetter: true });
    expect(met.met).toBe(true);
    expect(describeTarget(met)).toBe('met (40 % of the limit)');
    const missed = evaluateTarget({ kind: 'latency-max', rule: 'p99 < 100 ms', required: 100, measured: 150, unit: 'ms', lowerIsBetter: true });
    expect(missed).toMatchObject({ met: false });
    expect(missed.shortfall).toBeCloseTo(0.5, 10);
    expect(describeTarget(missed)).toBe('missed: 50 % over');
  });
  it('is never met without a number', () => {
    const target = evaluateTarget({ kind: 'ceiling', rule: 'r', required: Number.NaN, measured: 1, unit: 'req/s' });
    expect(target.met).toBe(false);
    expect(describeTarget(target)).toBe('n/a');
  });
});
