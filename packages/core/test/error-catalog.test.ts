import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

// The catalog in docs/errors.md is the public reference: every code documented, none stale.
const documented = new Set(
  [...readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').matchAll(/^\| `([a-z_]+)` \| `(\w+)` \|/gm)].map((m) => `${m[1]}:${m[2]}`),
);

describe('error catalog', () => {
  it('documents every code with its class, and nothing else', () => {
    const actual = new Set<string>();
    for (const value of Object.values(core) as unknown[]) {
      if (typeof value !== 'function' || !(value.prototype instanceof core.TesseraError)) continue;
      // `code` is an instance field: construct one (every constructor accepts these placeholders).
      const { code } = Reflect.construct(value, ['x', 'x']) as core.TesseraError;
      actual.add(`${code}:${value.name}`);
    }
    expect([...actual].sort()).toEqual([...documented].sort());
    expect(new Set([...actual].map((entry) => entry.split(':')[0]))).toEqual(new Set(core.tesseraErrorCodes));
  });
});
