/** `latest.html`: one self-contained page (inline CSS and SVG, no scripts, no CDN). */
import { describeTarget } from '../stats/ceiling.js';
import { escapeHtml, formatBytes, formatCores, formatMs, formatRate, formatRatio, formatUs } from './format.js';
import type { HttpGroup, HttpModeResult, LabResult } from './lab-result.js';
import { targetText } from './markdown-report.js';
import { groupSkips, skipLine } from './group-skips.js';
import { comparisonRows } from './summary.js';
import { horizontalBarChart, lineChart, type BarChartOptions, type BarRow } from './svg-chart.js';

export const groupColors: Record<HttpGroup, string> = {
  'no-auth': '#9aa5ad',
  session: '#2f6fba',
  jwt: '#e4572e',
  introspection: '#8e44ad',
  peer: '#6b7b3a',
};

const groupOrder: HttpGroup[] = ['session', 'jwt', 'introspection', 'peer'];

function authModes(result: LabResult): HttpModeResult[] {
  return result.http.filter((m) => m.group !== 'no-auth').sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group));
}

function throughputRows(result: LabResult, modes: HttpModeResult[]): BarRow[] {
  return modes.map((mode) => {
    const baseline = result.http.find((candidate) => candidate.id === mode.baselineId);
    return {
      label: mode.id,
      value: mode.median.rpsPerCore,
      color: groupColors[mode.group],
      valueLabel: `${formatRate(mode.median.rpsPerCore)}/s`,
      ...(baseline ? { ghost: baseline.median.rpsPerCore } : {}),
      ...(mode.ceilingPerCore !== undefined ? { marker: { value: mode.ceilingPerCore, label: `ceiling ${formatRate(mode.ceilingPerCore)}/s per core` } } : {}),
    };
  });
}

const throughputLegend: BarChartOptions['legend'] = [
  { color: groupColors.session, label: 'session' },
  { color: groupColors.jwt, label: 'token (JWT)' },
  { color: groupColors.introspection, label: 'introspection hop' },
  { color: groupColors.peer, label: 'peer' },
  { color: '#777', label: "same process's no-auth", kind: 'ghost' },
  { color: '#111', label: 'ceiling 0.9/(b+v)', kind: 'marker' },
];

/** Tessera's own server modes, then the microservices and peers (their scales differ a lot). */
function throughputCharts(result: LabResult): string {
  const modes = authModes(result);
  const onServer = modes.filter((mode) => mode.server.startsWith('tessera'));
  const elsewhere = modes.filter((mode) => !mode.server.startsWith('tessera'));
  const charts: string[] = [];
  if (onServer.length) {
    charts.push(horizontalBarChart({ title: 'Tessera server: GET /api/me, requests per second per core used', rows: throughputRows(result, onServer), axisLabel: 'requests per second per core', format: formatRate, legend: throughputLegend }));
  }
  if (elsewhere.length) {
    charts.push(horizontalBarChart({ title: 'Microservices and peers: GET /api/me, requests per second per core used', rows: throughputRows(result, elsewhere), axisLabel: 'requests per second per core', format: formatRate, legend: throughputLegend }));
  }
  return charts.map((chart) => `<div class="chart">${chart}</div>`).join('');
}

function latencyChart(result: LabResult): string {
  const rows: BarRow[] = authModes(result).map((mode) => ({
    label: mode.id,
    value: mode.median.p50Ms,
    color: groupColors[mode.group],
    valueLabel: `p50 ${formatMs(mode.median.p50Ms)}`,
    secondary: { value: mode.median.p99Ms, color: '#f0b429', valueLabel: `p99 ${formatMs(mode.median.p99Ms)}` },
  }));
  return horizontalBarChart({
    title: `Latency at saturation (${result.settings.connections} connections): p50 and p99`,
    rows,
    axisLabel: 'milliseconds',
    format: formatMs,
    legend: [
      { color: groupColors.session, label: 'p50 (bar colour = kind)' },
      { color: '#f0b429', label: 'p99' },
    ],
  });
}

function scalingChart(result: LabResult): string {
  const palette = ['#8e44ad', '#6b7b3a'];
  const colorOf = (mode: string, index: number) => (mode === 'no-auth' ? groupColors['no-auth'] : mode.startsWith('session') ? groupColors.session : mode.startsWith('jwt') ? groupColors.jwt : palette[index % palette.length]!);
  const modes = [...new Set(result.scaling.map((p) => p.mode))];
  const skipped = result.skipped.find((s) => s.mode.startsWith('scaling'));
  return lineChart({
    title: 'Scaling: throughput with 1, 2, 3 instances behind the load balancer',
    series: modes.map((mode, index) => ({ name: mode, color: colorOf(mode, index), points: result.scaling.filter((p) => p.mode === mode).map((p) => ({ x: p.instances, y: p.rps })) })),
    xLabel: 'instances',
    yLabel: 'requests per second',
    xTicks: [1, 2, 3],
    format: formatRate,
    emptyText: skipped ? `not measured: ${skipped.reason.slice(0, 90)}` : 'not measured in this run',
  });
}

function revocationChart(result: LabResult): string {
  const shortLabels: Record<string, string> = {
    'revoke-session': 'session: logout',
    'revoke-pushed': 'token: pushed revocation',
    'revoke-introspect': 'token: introspection',
    'revoke-stateless': 'token: plain stateless JWT',
  };
  const rows: BarRow[] = result.revocation.map((r) => ({
    label: shortLabels[r.id] ?? r.label,
    value: r.bound ? r.maxMs : r.p50Ms,
    color: r.bound ? '#e4572e' : r.id === 'revoke-session' ? groupColors.session : '#2a9d8f',
    valueLabel: r.bound ? `up to ${formatMs(r.maxMs)} (token lifetime)` : `p50 ${formatMs(r.p50Ms)}`,
    hatched: r.bound === true,
    ...(r.bound ? {} : { secondary: { value: r.p99Ms, color: '#f0b429', valueLabel: `p99 ${formatMs(r.p99Ms)}` } }),
  }));
  return horizontalBarChart({
    title: 'Revocation delay: from the revoking request to the first refusal',
    rows,
    axisLabel: 'milliseconds',
    log: true,
    labelWidth: 220,
    valueSpace: 230,
    format: formatMs,
    legend: [
      { color: '#2a9d8f', label: 'p50' },
      { color: '#f0b429', label: 'p99' },
      { color: '#e4572e', label: 'bound (waits for exp)' },
    ],
  });
}

function microChart(result: LabResult): string {
  const colors: Record<string, string> = {
    'node:crypto': '#333333',
    '@tessera/verify': '#e4572e',
    '@tessera/verify (cache)': '#f4a261',
    'jose.jwtVerify': '#2f6fba',
    'fast-jwt': '#6b7b3a',
  };
  const rows: BarRow[] = result.micro
    .filter((m) => !m.skipped && m.algorithm)
    .map((m) => ({ label: `${m.algorithm} · ${m.implementation}`, value: m.median, color: colors[m.implementation ?? ''] ?? '#888', valueLabel: `${formatRate(m.median)}/s` }));
  return horizontalBarChart({ title: 'Verify rate, one thread, one token in flight', rows, axisLabel: 'verifications per second', log: true, format: formatRate, labelWidth: 300 });
}

function card(title: string, value: string, detail: string): string {
  return `<div class="card"><div class="card-title">${escapeHtml(title)}</div><div class="card-value">${escapeHtml(value)}</div><div class="card-detail">${escapeHtml(detail)}</div></div>`;
}

function cards(result: LabResult): string {
  const get = (id: string) => result.http.find((m) => m.id === id);
  const out: string[] = [];
  const session = get('session-redis') ?? get('session-memory') ?? get('session-sqlite');
  if (session) out.push(card(session.label, `${formatRate(session.median.rps)}/s`, `p50 ${formatMs(session.median.p50Ms)} · p99 ${formatMs(session.median.p99Ms)}`));
  const jwt = get('jwt-EdDSA');
  if (jwt) out.push(card(jwt.label, `${formatRate(jwt.median.rps)}/s`, `p50 ${formatMs(jwt.median.p50Ms)} · p99 ${formatMs(jwt.median.p99Ms)}`));
  const pushed = result.revocation.find((r) => r.id === 'revoke-pushed');
  if (pushed) out.push(card('pushed revocation', `p99 ${formatMs(pushed.p99Ms)}`, `p50 ${formatMs(pushed.p50Ms)}, ${pushed.samplesMs.length} samples`));
  const stateless = result.revocation.find((r) => r.id === 'revoke-stateless');
  if (stateless) out.push(card('stateless JWT revocation', `≤ ${formatMs(stateless.maxMs)}`, 'waits for exp'));
  const memory = result.memory.find((m) => m.store === 'Redis') ?? result.memory[0];
  if (memory) out.push(card(`100k sessions in ${memory.store}`, formatBytes(memory.bytesPer100k), `${formatBytes(memory.bytesPerSession)} per session`));
  const missed = [...result.http.flatMap((m) => m.targets), ...result.micro.flatMap((m) => m.targets), ...result.revocation.flatMap((r) => r.targets), ...(result.loginLoad?.targets ?? [])];
  out.push(card('targets met', `${missed.filter((t) => t.met).length} / ${missed.length}`, `${result.skipped.length} mode(s) skipped`));
  return `<div class="cards">${out.join('')}</div>`;
}

function htmlTable(header: string[], rows: string[][], raw = false): string {
  const esc = raw ? (s: string) => s : escapeHtml;
  return `<table><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function targetsHtml(mode: { targets: readonly import('../stats/ceiling.js').TargetEvaluation[] }): string {
  if (!mode.targets.length) return '—';
  return mode.targets.map((t) => `<span class="${t.met ? 'met' : 'missed'}" title="${escapeHtml(targetText(t))}">${escapeHtml(t.rule.replace(/^(contract|issue 5): /, ''))}: ${escapeHtml(describeTarget(t))}</span>`).join('<br>');
}

export function renderHtml(result: LabResult): string {
  const { machine, settings } = result;
  const modeRows = [...result.http]
    .sort((a, b) => ['no-auth', ...groupOrder].indexOf(a.group) - ['no-auth', ...groupOrder].indexOf(b.group))
    .map((mode) => {
      const baseline = result.http.find((candidate) => candidate.id === mode.baselineId);
      const b = baseline?.median.cpuPerRequestUs ?? mode.median.cpuPerRequestUs;
      return [
        `<code>${escapeHtml(mode.id)}</code><div class="sub">${escapeHtml(mode.label)}</div>`,
        formatRate(mode.median.rps),
        `${formatMs(mode.median.p50Ms)} / ${formatMs(mode.median.p99Ms)}`,
        `${formatCores(mode.median.cores)}${mode.median.otherCores >= 0.05 ? ` <span class="sub">(+${formatCores(mode.median.otherCores)} other)</span>` : ''}`,
        formatRate(mode.median.rpsPerCore),
        mode.group === 'no-auth' ? `b = ${formatUs(b)}` : mode.authCost ? `${formatUs(b)} + ${formatUs(mode.authCost.us)}` : '–',
        mode.ceilingPerCore !== undefined ? formatRate(mode.ceilingPerCore) : '–',
        baseline ? formatRatio(mode.median.rpsPerCore / baseline.median.rpsPerCore) : '–',
        targetsHtml(mode),
      ];
    });
  const comparison = comparisonRows(result).map((row) => [`<strong>${escapeHtml(row.aspect)}</strong>`, escapeHtml(row.session), escapeHtml(row.token), escapeHtml(row.article), escapeHtml(row.verdict)]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tessera lab: session vs token authentication, measured</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;padding:24px 28px 60px;color:#1d1d1f;line-height:1.45}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 10px;border-bottom:1px solid #e3e3e3;padding-bottom:4px}
.meta{color:#555;font-size:13px}.quick{background:#fff4d6;border:1px solid #f0c36d;padding:6px 10px;border-radius:6px;font-size:13px;margin:10px 0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}.card{flex:1 1 160px;border:1px solid #e3e3e3;border-radius:8px;padding:10px 12px;background:#fafafa}
.card-title{font-size:12px;color:#555}.card-value{font-size:22px;font-weight:650;margin:2px 0}.card-detail{font-size:12px;color:#666}
table{border-collapse:collapse;width:100%;font-size:12.5px;margin:8px 0}th,td{border:1px solid #e3e3e3;padding:5px 7px;text-align:left;vertical-align:top}th{background:#f4f5f7}
.modes td:nth-child(n+2):nth-child(-n+8){white-space:nowrap}.modes td:last-child{font-size:12px}.sub{font-size:11px;color:#666}
.comparison td:first-child{width:150px}
.met{color:#1b7f3b}.missed{color:#b3261e;font-weight:600}.chart{margin:18px 0;overflow-x:auto}code{font-size:12px}
.skipped li{font-size:13px;color:#444}.explain{font-size:13px;color:#444;max-width:900px}
</style></head><body>
<h1>Session vs token authentication, measured</h1>
<div class="meta">Tessera lab · ${escapeHtml(result.startedAt)} · ${machine.cpus} × ${escapeHtml(machine.cpuModel)} · ${escapeHtml(formatBytes(machine.memoryBytes))} · Node ${escapeHtml(machine.node)} · ${settings.rounds} round(s) × ${settings.durationSeconds} s at ${settings.connections} connections · server: <code>${escapeHtml(result.serverLaunch)}</code></div>
${settings.quick ? '<div class="quick">Quick run: a smoke test with one short round per figure. The numbers are indicative only; run <code>npm run bench</code> for the full measurement.</div>' : ''}
${cards(result)}
<h2>The article's table, measured</h2>
<div class="comparison">${htmlTable(['', 'Session-based', 'Token-based', 'The article said', 'Measured'], comparison, true)}</div>
<h2>Throughput and latency per mode</h2>
<p class="explain">Bars are requests per second per core the measured process used (the load generator runs on the other core). The pale bar is the same server's no-auth route; the black tick is the contract's ceiling 0.9 × 1/(b + v), with b the no-auth CPU per request and v the raw cost of the auth step, both from this run.</p>
${throughputCharts(result)}
<div class="chart">${latencyChart(result)}</div>
<h2>Scaling with instances</h2>
<div class="chart">${scalingChart(result)}</div>
<h2>Revocation delay</h2>
<div class="chart">${revocationChart(result)}</div>
<h2>Verify rate per algorithm</h2>
<div class="chart">${microChart(result)}</div>
<h2>Every figure with its ceiling and target</h2>
<div class="modes">${htmlTable(['mode', 'req/s', 'p50 / p99', 'cores', 'req/s per core', 'b + v', 'ceiling per core', 'vs no-auth per core', 'targets'], modeRows, true)}</div>
${result.loginLoad ? `<p class="explain"><strong>/api/me while 20 logins/s hash passwords:</strong> idle p99 ${formatMs(result.loginLoad.idle.p99Ms)}, with logins p99 ${formatMs(result.loginLoad.underLogins.p99Ms)} (${formatRate(result.loginLoad.loginsPerSecondAchieved)} logins/s achieved). ${targetsHtml(result.loginLoad)}</p>` : ''}
${result.throughput.length ? htmlTable(['throughput', 'per second', 'p50', 'p99'], result.throughput.map((t) => [t.label, formatRate(t.opsPerSecond), formatMs(t.p50Ms), formatMs(t.p99Ms)])) : ''}
${result.memory.length ? htmlTable(['memory per 100k sessions', 'per 100k', 'per session', 'how'], result.memory.map((m) => [m.store, formatBytes(m.bytesPer100k), formatBytes(m.bytesPerSession), m.method])) : ''}
<h2>Skipped</h2>
${result.skipped.length ? `<ul class="skipped">${groupSkips(result).map((group) => `<li>${escapeHtml(skipLine(group))}</li>`).join('')}</ul>` : '<p>Nothing.</p>'}
<h2>Machine and versions</h2>
${htmlTable(['', ''], [['CPU', `${machine.cpus} × ${machine.cpuModel}`], ['memory', formatBytes(machine.memoryBytes)], ...Object.entries(result.versions)])}
</body></html>
`;
}
