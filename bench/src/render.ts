/**
 * Re-renders latest.md and latest.html from a result JSON (after a report change, or for a
 * result from another machine): `node bench/dist/render.js [bench/results/latest.json]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from './analysis.js';
import { repoRoot } from './process/paths.js';
import { renderHtml } from './report/html-report.js';
import type { LabResult } from './report/lab-result.js';
import { renderMarkdown } from './report/markdown-report.js';

const file = process.argv[2] ?? join(repoRoot, 'bench/results/latest.json');
const result = JSON.parse(readFileSync(file, 'utf8')) as LabResult;
analyze(result);
const dir = dirname(file);
const base = file.endsWith('.json') ? file.slice(dir.length + 1, -'.json'.length) : 'latest';
writeFileSync(join(dir, `${base}.md`), renderMarkdown(result));
writeFileSync(join(dir, `${base}.html`), renderHtml(result));
process.stdout.write(`rendered ${base}.md and ${base}.html in ${dir}\n`);
