import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis.js';
import { fixtureResult } from '../fixtures/lab-result-fixture.js';

describe('analyze', () => {
  const result = fixtureResult();
  analyze(result);
  const mode = (id: string) => result.http.find((m) => m.id === id)!;

  it('puts each JWT figure next to 0.9 × 1/(b + v) with v the raw verify of its algorithm', () => {
    const jwt = mode('jwt-EdDSA');
    // b = 0.8 cores / 20k/s = 40 µs; v = 1e6 / 12 900 ≈ 77.5 µs.
    expect(jwt.authCost?.us).toBeCloseTo(1e6 / 12_900, 6);
    expect(jwt.ceilingPerCore).toBeCloseTo(0.9e6 / (40 + 1e6 / 12_900), 4);
    const ceiling = jwt.targets.find((t) => t.kind === 'ceiling')!;
    expect(ceiling.measured).toBe(8000);
    expect(ceiling.met).toBe(true);
  });

  it('applies issue 5 ratios per core against the same server\'s no-auth route', () => {
    const memory = mode('session-memory');
    const ratio = memory.targets.find((t) => t.kind === 'ratio-to-no-auth')!;
    expect(ratio.required).toBeCloseTo(0.95 * 25_000, 6);
    expect(ratio.measured).toBeCloseTo(19_500 / 0.8, 6);
    expect(ratio.met).toBe(true);
    const jwtRatio = mode('jwt-EdDSA').targets.find((t) => t.kind === 'ratio-to-no-auth')!;
    expect(jwtRatio.met).toBe(false);
    expect(jwtRatio.shortfall).toBeCloseTo(1 - 8000 / (0.8 * 25_000), 6);
  });

  it('compares every session mode with the express-session peer', () => {
    const peer = mode('session-sqlite').targets.find((t) => t.kind === 'ratio-to-peer')!;
    expect(peer.required).toBe(12_000);
    expect(peer.met).toBe(true);
  });

  it('leaves no-auth baselines without targets', () => {
    expect(mode('no-auth-sqlite').targets).toEqual([]);
  });

  it('rates @tessera/verify against raw crypto, the peers, and the cache target', () => {
    const verify = result.micro.find((m) => m.implementation === '@tessera/verify')!;
    const toRaw = verify.targets.find((t) => t.kind === 'ratio-to-raw')!;
    expect(toRaw.required).toBeCloseTo(0.9 * 12_900, 6);
    expect(toRaw.met).toBe(true);
    expect(verify.targets.find((t) => t.kind === 'ratio-to-peer')!.required).toBe(9000);
    const cache = result.micro.find((m) => m.implementation === '@tessera/verify (cache)')!;
    expect(cache.targets[0]).toMatchObject({ required: 250_000, met: true });
  });

  it('is idempotent (re-rendering a saved result gives the same targets)', () => {
    const again = structuredClone(result);
    analyze(again);
    expect(again.http.map((m) => m.targets)).toEqual(result.http.map((m) => m.targets));
  });
});
