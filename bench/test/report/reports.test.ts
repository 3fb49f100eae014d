import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis.js';
import { groupSkips, skipLine } from '../../src/report/group-skips.js';
import { renderHtml } from '../../src/report/html-report.js';
import { renderMarkdown } from '../../src/report/markdown-report.js';
import { comparisonRows } from '../../src/report/summary.js';
import { fixtureResult } from '../fixtures/lab-result-fixture.js';

function analyzed() {
  const result = fixtureResult();
  analyze(result);
  return result;
}

describe('the Markdown report', () => {
  const markdown = renderMarkdown(analyzed());

  it('rebuilds the article\'s comparison table with measured values', () => {
    expect(markdown).toContain("## The article's table, measured");
    expect(markdown).toContain('| **Latency, GET /api/me p50 / p99** |');
    expect(markdown).toContain('Session: easy. Token (JWT): hard.');
    expect(markdown).toContain('Redis: 38.1 MiB');
  });

  it('shows each figure next to its ceiling and says by how much a target is missed', () => {
    const row = markdown.split('\n').find((line) => line.startsWith('| jwt-EdDSA |'))!;
    expect(row).toContain('40.0 µs + 77.5 µs');
    expect(row).toContain('missed by 60 %');
    expect(markdown).toContain('contract: ≥ 0.9 × 1/(b + v) per core');
  });

  it('lists skipped modes once per reason', () => {
    expect(markdown).toContain('- modes scaling-session-redis, scaling-jwt-EdDSA skipped: no cluster script');
    expect(markdown).toContain('- mode session-postgres skipped: PostgreSQL unreachable');
  });

  it('prints machine and versions', () => {
    expect(markdown).toContain('| autocannon | 9.0.0 |');
    expect(markdown).toContain('2 × Test CPU');
  });

  it('shows the stateless verifier\'s delay as its configured bound', () => {
    expect(markdown).toContain('≤ 10 min (bound)');
  });
});

describe('the HTML report', () => {
  const html = renderHtml(analyzed());

  it('is self-contained: inline SVG charts, no scripts, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/<script|<link|src=["']https?:|@import/i);
  });

  it('says a chart was not measured instead of drawing nothing', () => {
    expect(html).toContain('not measured: no cluster script');
  });

  it('escapes text from the result', () => {
    const result = analyzed();
    result.skipped.push({ mode: '<img>', reason: 'a & b' });
    const escaped = renderHtml(result);
    expect(escaped).toContain('&lt;img&gt;');
    expect(escaped).not.toContain('<img>');
  });
});

describe('comparisonRows', () => {
  it('says "not measured" rather than inventing a verdict', () => {
    const result = analyzed();
    result.http = [];
    const rows = comparisonRows(result);
    expect(rows.find((row) => row.aspect.startsWith('Latency'))!.verdict).toMatch(/not measured/);
  });
});

describe('groupSkips', () => {
  it('groups modes by reason in first-seen order', () => {
    const groups = groupSkips(fixtureResult());
    expect(groups.map(skipLine)).toEqual(['modes scaling-session-redis, scaling-jwt-EdDSA skipped: no cluster script', 'mode session-postgres skipped: PostgreSQL unreachable']);
  });
});
