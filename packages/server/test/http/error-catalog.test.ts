import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../../src/http/error-catalog.js';

const root = resolve(import.meta.dirname, '../../../..');

/** Rows `| \`code\` | … | status | … |` of a markdown table whose first column is a code. */
function documentedStatuses(markdown: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const code = /^`([a-z_]+)`$/.exec(cells[1] ?? '')?.[1];
    const status = cells.slice(2).map(Number).find((value) => value >= 100 && value < 600);
    if (code && status) rows.set(code, status);
  }
  return rows;
}

/** fastify's habit: the error catalog is tested against its documentation, both ways. */
describe('error catalog', () => {
  it('maps every core code to the HTTP status docs/errors.md promises', async () => {
    const documented = documentedStatuses(await readFile(resolve(root, 'docs/errors.md'), 'utf8'));
    expect(documented.size).toBeGreaterThan(10);
    for (const [code, status] of documented) expect(errorCatalog[code as keyof typeof errorCatalog]?.status, code).toBe(status);
  });

  it('documents every code the server adds in packages/server/README.md, with its status', async () => {
    const core = documentedStatuses(await readFile(resolve(root, 'docs/errors.md'), 'utf8'));
    const server = documentedStatuses(await readFile(resolve(root, 'packages/server/README.md'), 'utf8'));
    for (const [code, entry] of Object.entries(errorCatalog)) {
      const status = core.get(code) ?? server.get(code);
      expect(status, `${code} is not documented`).toBe(entry.status);
    }
    for (const code of server.keys()) expect(errorCatalog, `${code} is documented but unknown`).toHaveProperty(code);
  });
});
