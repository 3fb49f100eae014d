import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configOptions, renderConfigDocs } from '../../src/index.js';

const docsPath = resolve(import.meta.dirname, '../../../../docs/configuration.md');

describe('docs/configuration.md', () => {
  it('is what the option table generates (regenerate: npx tsx --conditions=source packages/server/src/bin.ts config docs > docs/configuration.md)', async () => {
    expect(await readFile(docsPath, 'utf8')).toBe(renderConfigDocs());
  });

  it('documents every variable of the contract\'s Configuration table', () => {
    const documented = new Set(Object.values(configOptions).map((option) => option.env));
    const contractVariables = ['PORT', 'HOST', 'TESSERA_ISSUER', 'TESSERA_DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'TESSERA_JWT_ALG', 'TESSERA_ACCESS_TOKEN_TTL', 'TESSERA_REFRESH_TOKEN_TTL', 'TESSERA_REFRESH_GRACE_SECONDS', 'TESSERA_SESSION_IDLE_TTL', 'TESSERA_SESSION_ABSOLUTE_TTL'];
    for (const variable of contractVariables) expect(documented, variable).toContain(variable);
  });

  it('every option has a doc and a default (or says why not)', () => {
    for (const option of Object.values(configOptions) as { env: string; doc: string; default?: string; defaultDoc?: string }[]) {
      expect(option.doc.length, option.env).toBeGreaterThan(10);
      expect(option.default !== undefined || option.defaultDoc !== undefined, option.env).toBe(true);
    }
  });
});
