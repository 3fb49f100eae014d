/** `latest.md`: the article's table with measured values, then every figure with its ceiling and target. */
import { describeTarget, type TargetEvaluation } from '../stats/ceiling.js';
import { cell, formatBytes, formatCores, formatMs, formatRate, formatRatio, formatUs } from './format.js';
import type { HttpModeResult, LabResult, MicroResult } from './lab-result.js';
import { groupSkips, skipLine } from './group-skips.js';
import { comparisonRows } from './summary.js';

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

export function targetText(target: TargetEvaluation): string {
  const unit = target.unit === 'ms' ? formatMs : formatRate;
  const comparator = target.lowerIsBetter ? '<' : '≥';
  return `${target.rule} (${comparator} ${unit(target.required)}${target.unit === 'ms' ? '' : ` ${target.unit}`}): ${describeTarget(target)}`;
}

function targetsText(targets: readonly TargetEvaluation[]): string {
  return targets.length ? targets.map(targetText).join('; ') : '—';
}

function baselineOf(result: LabResult, mode: HttpModeResult): HttpModeResult | undefined {
  return result.http.find((candidate) => candidate.id === mode.baselineId);
}

function httpRows(result: LabResult): string[][] {
  const order = ['no-auth', 'session', 'jwt', 'introspection', 'peer'];
  return [...result.http]
    .sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group))
    .map((mode) => {
      const baseline = baselineOf(result, mode);
      const b = baseline?.median.cpuPerRequestUs ?? mode.median.cpuPerRequestUs;
      const bv = mode.group === 'no-auth' ? `b = ${formatUs(b)}` : mode.authCost ? `${formatUs(b)} + ${formatUs(mode.authCost.us)}` : baseline ? `${formatUs(b)} + ?` : '–';
      const vsNoAuth = baseline ? formatRatio(mode.median.rpsPerCore / baseline.median.rpsPerCore) : '–';
      const ceiling = mode.ceilingPerCore !== undefined ? formatRate(mode.ceilingPerCore) : '–';
      const vsCeiling = mode.ceilingPerCore !== undefined ? `${Math.round((mode.median.rpsPerCore / mode.ceilingPerCore) * 100)} %` : '–';
      return [
        mode.id,
        mode.label,
        formatRate(mode.median.rps),
        formatMs(mode.median.p50Ms),
        formatMs(mode.median.p99Ms),
        formatCores(mode.median.cores),
        formatCores(mode.median.otherCores),
        formatRate(mode.median.rpsPerCore),
        bv,
        ceiling,
        vsCeiling,
        vsNoAuth,
        targetsText(mode.targets),
      ];
    });
}

function microTable(result: LabResult): string {
  const algorithms = [...new Set(result.micro.map((m) => m.algorithm).filter(Boolean))] as string[];
  const impls = ['node:crypto', '@tessera/verify', '@tessera/verify (cache)', 'jose.jwtVerify', 'fast-jwt'];
  const find = (impl: string, alg: string): MicroResult | undefined => result.micro.find((m) => m.implementation === impl && m.algorithm === alg);
  const rows = algorithms.map((alg) => {
    const raw = find('node:crypto', alg);
    return [
      alg,
      ...impls.map((impl) => {
        const entry = find(impl, alg);
        if (!entry || entry.skipped) return 'skipped';
        const ratio = raw && impl !== 'node:crypto' && !impl.includes('cache') ? ` (${formatRatio(entry.median / raw.median)})` : '';
        return `${formatRate(entry.median)}/s${ratio}`;
      }),
      targetsText(find('@tessera/verify', alg)?.targets ?? []),
    ];
  });
  return table(['algorithm', ...impls.map((impl) => (impl === 'node:crypto' ? 'raw node:crypto' : impl)), 'targets (@tessera/verify)'], rows);
}

export function renderMarkdown(result: LabResult): string {
  const out: string[] = [];
  const { machine, settings } = result;
  out.push(`# Tessera lab: session vs token authentication, measured`);
  out.push('');
  out.push(
    `${settings.quick ? '**Quick run** (smoke test: one short round per figure; numbers are indicative only). ' : ''}Run ${result.startedAt} (${Math.round(result.durationSeconds)} s) on ${machine.cpus} × ${machine.cpuModel}, ${formatBytes(machine.memoryBytes)} RAM, Node ${machine.node}, ${machine.platform} ${machine.kernel}. ` +
      `Each HTTP figure is the median of ${settings.rounds} round(s) of ${settings.durationSeconds} s at ${settings.connections} connections (autocannon in its own process), against the same process's no-auth route in the same run. Server: \`${result.serverLaunch}\`.`,
  );
  out.push('');
  out.push('## The article\'s table, measured');
  out.push('');
  out.push(table(['', 'Session-based', 'Token-based', 'The article said', 'Measured'], comparisonRows(result).map((row) => [`**${row.aspect}**`, row.session, row.token, row.article, row.verdict])));
  out.push('');
  out.push('## Every HTTP mode, with its ceiling and target');
  out.push('');
  out.push(
    '`b` is the server\'s CPU per no-auth request, `v` the raw cost of the auth step (a signature verify, a store lookup), both from this run. The ceiling is 0.9 × 1/(b + v) requests per second per core (bench/README.md, "Ceilings"). "cores" is the CPU the measured process(es) burned during the window; per-core figures divide by it, so they do not depend on how the two cores are shared with the load generator. "other cores" is the CPU everything else used meanwhile: the kernel\'s loopback networking (not charged to any process), Redis or PostgreSQL when the mode uses them, and any other work on the machine.',
  );
  out.push('');
  out.push(table(['mode', 'what', 'req/s', 'p50', 'p99', 'cores', 'other cores', 'req/s per core', 'b + v', 'ceiling/core', 'vs ceiling', 'vs no-auth/core', 'targets'], httpRows(result)));
  const notes = result.http.filter((mode) => mode.notes.length > 0);
  if (notes.length) {
    out.push('');
    for (const mode of notes) out.push(`- \`${mode.id}\` (${mode.request}): ${mode.notes.join(' ')}`);
  }
  out.push('');
  out.push('## Verify rate per algorithm (one thread, one token in flight)');
  out.push('');
  out.push(result.micro.length ? microTable(result) : '_not measured_');
  const cache = result.micro.filter((m) => m.implementation === '@tessera/verify (cache)' && m.targets.length);
  if (cache.length) {
    out.push('');
    for (const entry of cache) out.push(`- cache, ${entry.algorithm}: ${targetsText(entry.targets)}`);
  }
  out.push('');
  out.push('## Store lookup cost (the `v` of session modes)');
  out.push('');
  out.push(
    result.storeLookups.length
      ? table(['lookup', 'ops/s', 'cost per lookup'], result.storeLookups.map((m) => [m.name, m.skipped ? `skipped: ${m.skipped}` : formatRate(m.median), m.skipped ? '–' : formatUs(1e6 / m.median)]))
      : '_not measured_',
  );
  out.push('');
  out.push('## Revocation delay');
  out.push('');
  out.push(
    result.revocation.length
      ? table(
          ['what', 'how', 'p50', 'p99', 'max', 'samples', 'target'],
          result.revocation.map((r) => [
            r.label,
            r.method,
            r.bound ? `≤ ${formatMs(r.maxMs)} (bound)` : formatMs(r.p50Ms),
            r.bound ? '–' : formatMs(r.p99Ms),
            formatMs(r.maxMs),
            r.bound ? 'configured TTL' : `${r.samplesMs.length}${r.notRefused ? ` (+${r.notRefused} never refused)` : ''}`,
            targetsText(r.targets),
          ]),
        )
      : '_not measured_',
  );
  for (const r of result.revocation) for (const note of r.notes) out.push(`\n- ${r.id}: ${note}`);
  out.push('');
  out.push('## Login and refresh throughput');
  out.push('');
  out.push(
    result.throughput.length
      ? table(['what', 'per second', 'p50', 'p99', 'notes'], result.throughput.map((t) => [t.label, formatRate(t.opsPerSecond), formatMs(t.p50Ms), formatMs(t.p99Ms), t.notes.join(' ')]))
      : '_not measured_',
  );
  out.push('');
  if (result.loginLoad) {
    const l = result.loginLoad;
    out.push(`**/api/me while logins hash passwords** (${l.request}; ${formatRate(l.loginsPerSecondAchieved)} logins/s achieved of ${l.loginsPerSecondTarget}): idle p50 ${formatMs(l.idle.p50Ms)} / p99 ${formatMs(l.idle.p99Ms)}; with logins p50 ${formatMs(l.underLogins.p50Ms)} / p99 ${formatMs(l.underLogins.p99Ms)}. ${targetsText(l.targets)}.`);
    out.push('');
  }
  out.push('## Memory per 100k sessions');
  out.push('');
  out.push(
    result.memory.length
      ? table(['store', 'per session', 'per 100k sessions', 'sessions measured', 'how'], result.memory.map((m) => [m.store, formatBytes(m.bytesPerSession), formatBytes(m.bytesPer100k), String(m.sessionsCreated), [m.method, ...m.notes].join(' ')]))
      : '_not measured_',
  );
  out.push('');
  out.push('## Scaling with instances behind the load balancer');
  out.push('');
  out.push(
    result.scaling.length
      ? table(['mode', 'instances', 'req/s', 'p50', 'p99', 'cores'], result.scaling.map((p) => [p.mode, String(p.instances), formatRate(p.rps), formatMs(p.p50Ms), formatMs(p.p99Ms), formatCores(p.cores)]))
      : '_not measured (see "Skipped")_',
  );
  out.push('');
  if (result.profiles.length) {
    out.push('## CPU profiles');
    out.push('');
    for (const profile of result.profiles) {
      out.push(`- \`${profile.mode}\` → \`${profile.file}\`: ${profile.topSelf.slice(0, 8).map((f) => `${f.functionName || '(anonymous)'} ${f.selfPercent.toFixed(1)} %`).join(', ')}`);
    }
    out.push('');
  }
  out.push('## Skipped');
  out.push('');
  out.push(result.skipped.length ? groupSkips(result).map((group) => `- ${skipLine(group)}`).join('\n') : 'Nothing.');
  out.push('');
  if (result.notes.length) {
    out.push('## Notes');
    out.push('');
    out.push(result.notes.map((note) => `- ${note}`).join('\n'));
    out.push('');
  }
  out.push('## Machine and versions');
  out.push('');
  out.push(
    table(
      ['', ''],
      [
        ['CPU', `${machine.cpus} × ${machine.cpuModel} (load average at start ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')})`],
        ['memory', formatBytes(machine.memoryBytes)],
        ...Object.entries(result.versions).map(([name, version]) => [name, version]),
      ],
    ),
  );
  out.push('');
  out.push(`Settings: ${JSON.stringify(settings)}`);
  out.push('');
  return out.join('\n');
}
