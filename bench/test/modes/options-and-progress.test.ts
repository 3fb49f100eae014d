import { describe, expect, it } from 'vitest';
import { parseLabOptions } from '../../src/lab-options.js';
import { LatencyRecorder } from '../../src/load/latency-recorder.js';
import { formatDuration, remainingSeconds } from '../../src/progress.js';
import { summarizeProfile } from '../../src/report/cpu-profile-summary.js';

describe('parseLabOptions', () => {
  it('makes --quick short', () => {
    const options = parseLabOptions(['--', '--quick']);
    expect(options.settings.quick).toBe(true);
    expect(options.settings.rounds).toBe(1);
    expect(options.settings.durationSeconds).toBeLessThan(1);
  });
  it('reads overrides and filters', () => {
    const options = parseLabOptions(['--rounds=5', '--duration=2', '--only=session,jwt-EdDSA', '--cpu-prof=sqlite']);
    expect(options.settings).toMatchObject({ rounds: 5, durationSeconds: 2, only: ['session', 'jwt-EdDSA'] });
    expect(options.cpuProfile).toEqual(new Set(['sqlite']));
  });
  it('refuses unknown options and bad numbers', () => {
    expect(() => parseLabOptions(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseLabOptions(['--rounds=0'])).toThrow(/positive/);
  });
});

describe('progress', () => {
  const steps = [
    { id: 'a', estimateSeconds: 10 },
    { id: 'b', estimateSeconds: 10 },
    { id: 'c', estimateSeconds: 10 },
  ];
  it('rescales what is left by how the finished steps compared with their estimates', () => {
    // Step a took 20 s instead of 10: factor 2; b is 5 s in.
    expect(remainingSeconds(steps, 1, 20, 5)).toBeCloseTo(20 - 5 + 20, 6);
  });
  it('uses the estimates before anything finished', () => {
    expect(remainingSeconds(steps, 0, 0, 0)).toBe(30);
  });
  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(125)).toBe('2m05s');
  });
});

describe('LatencyRecorder', () => {
  it('keeps every value up to its capacity, then a bounded reservoir', () => {
    const recorder = new LatencyRecorder(1000);
    for (let i = 0; i < 5000; i++) recorder.record(i);
    expect(recorder.values().length).toBe(1000);
    const small = new LatencyRecorder(100);
    small.record(1.5);
    expect([...small.values()]).toEqual([1.5]);
  });
});

describe('summarizeProfile', () => {
  it('ranks functions by self time', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: 0 } },
        { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: 0 } },
        { id: 2, callFrame: { functionName: 'verify', url: 'file:///x/packages/verify/dist/jws.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: 'parse', url: 'file:///x/node_modules/fastify/lib/x.js', lineNumber: 1 } },
      ],
      samples: [2, 4, 2, 3, 4, 2],
      timeDeltas: [100, 5000, 100, 100, 5000, 100],
    };
    const top = summarizeProfile(profile);
    expect(top[0]).toMatchObject({ functionName: 'verify', selfPercent: 75 });
    expect(top[0]!.url).toBe('packages/verify/dist/jws.js:10');
    expect(top[1]).toMatchObject({ functionName: 'parse', url: 'fastify/lib/x.js:2' });
  });
});
