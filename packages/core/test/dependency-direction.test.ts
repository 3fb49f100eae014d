import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The core is framework-free and driver-free: adapters depend on it, never the reverse.
const allowed = [/^node:/, /^\./, /^jose$/, /^@node-rs\/argon2$/, /^@zxcvbn-ts\/language-common$/, /^otpauth$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('@tessera/core dependency direction', () => {
  it('imports no HTTP framework, database driver or other Tessera package', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(new URL('../src', import.meta.url).pathname)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (!allowed.some((pattern) => pattern.test(specifier))) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
