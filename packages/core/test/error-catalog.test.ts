import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

// The catalog in docs/errors.md is the public reference: every code documented, none stale.
const documented = new Set(
  [...readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').matchAll(/^\| `([a-z_]+)` \| `(\w+)` \|/gm)].map((m) => `${m[1]}:${m[2]}`),
);

describe('error catalog', () => {
  it('documents every code with its class, and nothing else', () => {
    const classes = Object.values(core).filter(
      (value): value is new (...args: never[]) => core.TesseraError =>
        typeof value === 'function' && value.prototype instanceof core.TesseraError,
    );
    const actual = new Set<string>();
    for (const ErrorClass of classes) {
      // `code` is an instance field: construct one (every constructor accepts these placeholders).
      const { code } = Reflect.construct(ErrorClass, ['x', 'x']) as core.TesseraError;
      actual.add(`${code}:${ErrorClass.name}`);
    }
    expect([...actual].sort()).toEqual([...documented].sort());
    expect(new Set([...actual].map((entry) => entry.split(':')[0]))).toEqual(new Set(core.tesseraErrorCodes));
  });
});
