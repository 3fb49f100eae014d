import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isVerifyError, VERIFY_ERROR_CODES, VerifyError } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [readFileSync(join(directory, entry.name), 'utf8')] : [],
  );
}

/** Codes in the first column of the README's "Error codes" table. */
function documentedCodes(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('\n## ', readme.indexOf('## Error codes') + 1));
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]!);
}

describe('error catalog', () => {
  it('documents every code in the README, in order, and no other', () => {
    expect(documentedCodes()).toEqual([...VERIFY_ERROR_CODES]);
  });

  it('documents every code in the VerifyErrorCode TSDoc table', () => {
    const doc = readFileSync(join(root, 'src', 'verify-error.ts'), 'utf8');
    for (const code of VERIFY_ERROR_CODES) expect(doc).toContain(`| \`${code}\` |`);
  });

  it('every code is thrown somewhere in src (none is stale)', () => {
    const code = sources(join(root, 'src')).join('\n');
    for (const name of VERIFY_ERROR_CODES) expect(code, name).toMatch(new RegExp(`new VerifyError\\('${name}'`));
  });

  it('VerifyError carries its code and cause and is recognised across copies', () => {
    const cause = new Error('network');
    const error = new VerifyError('jwks_unavailable', 'the key set could not be loaded', { cause });
    expect(error).toMatchObject({ name: 'VerifyError', code: 'jwks_unavailable', cause });
    expect(isVerifyError(error)).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'VerifyError', code: 'revoked' });
    expect(isVerifyError(foreign)).toBe(true);
    expect(isVerifyError(new TypeError('x'))).toBe(false);
  });
});
