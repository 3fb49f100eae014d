/**
 * Small, dependency-free SVG charts for the HTML report: horizontal bars (linear or log scale)
 * with optional ghost bars and markers, and a line chart. Output is a self-contained <svg>.
 */
import { escapeHtml } from './format.js';

export interface BarRow {
  label: string;
  value: number;
  color: string;
  valueLabel: string;
  /** A pale bar behind the value (e.g. the same server's no-auth rate). */
  ghost?: number;
  /** A tick across the bar (e.g. the ceiling). */
  marker?: { value: number; label: string };
  /** A second, thinner bar under the first (e.g. p99 under p50). */
  secondary?: { value: number; color: string; valueLabel: string };
  hatched?: boolean;
}

export interface BarChartOptions {
  title: string;
  rows: BarRow[];
  axisLabel: string;
  log?: boolean;
  width?: number;
  labelWidth?: number;
  legend?: { color: string; label: string; kind?: 'bar' | 'ghost' | 'marker' }[];
  format: (value: number) => string;
  /** Room right of the plot for value labels, px. */
  valueSpace?: number;
}

function niceLinearMax(value: number): number {
  if (!(value > 0)) return 1;
  const exponent = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * exponent >= value) return step * exponent;
  return 10 * exponent;
}

function linearTicks(max: number): number[] {
  const step = max / 5;
  return Array.from({ length: 6 }, (_, i) => i * step);
}

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) ticks.push(10 ** exponent);
  return ticks;
}

const font = "font-family='system-ui, -apple-system, Segoe UI, sans-serif'";

export function horizontalBarChart(options: BarChartOptions): string {
  const width = options.width ?? 860;
  const labelWidth = options.labelWidth ?? 270;
  const valueSpace = options.valueSpace ?? 120;
  const rowHeight = options.rows.some((row) => row.secondary) ? 30 : 22;
  const top = 44 + (options.legend ? 18 : 0);
  const plotWidth = width - labelWidth - valueSpace - 10;
  const height = top + options.rows.length * rowHeight + 40;
  const values = options.rows.flatMap((row) => [row.value, row.ghost ?? 0, row.marker?.value ?? 0, row.secondary?.value ?? 0]).filter((v) => Number.isFinite(v) && v > 0);
  const rawMax = values.length ? Math.max(...values) : 1;
  const rawMin = values.length ? Math.min(...values) : 1;
  const log = options.log === true;
  const min = log ? 10 ** Math.floor(Math.log10(rawMin)) : 0;
  const max = log ? 10 ** Math.ceil(Math.log10(rawMax)) : niceLinearMax(rawMax);
  const x = (value: number) => {
    if (!Number.isFinite(value) || value <= 0) return 0;
    const fraction = log ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : value / max;
    return Math.max(0, Math.min(1, fraction)) * plotWidth;
  };
  const parts: string[] = [];
  parts.push(`<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${width} ${height}' width='${width}' height='${height}' role='img' aria-label='${escapeHtml(options.title)}'>`);
  parts.push(`<defs><pattern id='hatch' width='6' height='6' patternUnits='userSpaceOnUse' patternTransform='rotate(45)'><rect width='6' height='6' fill='#f3c6b8'/><line x1='0' y1='0' x2='0' y2='6' stroke='#e4572e' stroke-width='3'/></pattern></defs>`);
  parts.push(`<text x='0' y='20' ${font} font-size='15' font-weight='600' fill='#222'>${escapeHtml(options.title)}</text>`);
  if (options.legend) {
    let lx = 0;
    for (const item of options.legend) {
      const swatch =
        item.kind === 'marker'
          ? `<line x1='${lx + 5}' y1='31' x2='${lx + 5}' y2='43' stroke='${item.color}' stroke-width='2.5'/>`
          : `<rect x='${lx}' y='32' width='12' height='10' fill='${item.color}' ${item.kind === 'ghost' ? "opacity='0.35'" : ''}/>`;
      parts.push(`${swatch}<text x='${lx + 16}' y='41' ${font} font-size='11' fill='#444'>${escapeHtml(item.label)}</text>`);
      lx += 28 + item.label.length * 6.2;
    }
  }
  const ticks = log ? logTicks(min, max) : linearTicks(max);
  for (const tick of ticks) {
    const tx = labelWidth + x(tick);
    parts.push(`<line x1='${tx}' y1='${top - 4}' x2='${tx}' y2='${top + options.rows.length * rowHeight}' stroke='#e5e5e5'/>`);
    parts.push(`<text x='${tx}' y='${top + options.rows.length * rowHeight + 14}' ${font} font-size='10' fill='#666' text-anchor='middle'>${escapeHtml(options.format(tick))}</text>`);
  }
  parts.push(`<text x='${labelWidth + plotWidth / 2}' y='${height - 6}' ${font} font-size='11' fill='#444' text-anchor='middle'>${escapeHtml(options.axisLabel)}${log ? ' (log scale)' : ''}</text>`);
  options.rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    const barHeight = row.secondary ? 11 : 14;
    parts.push(`<text x='${labelWidth - 8}' y='${y + barHeight - 2}' ${font} font-size='12' fill='#222' text-anchor='end'>${escapeHtml(row.label)}</text>`);
    if (row.ghost !== undefined && row.ghost > 0) parts.push(`<rect x='${labelWidth}' y='${y}' width='${x(row.ghost)}' height='${barHeight}' fill='${row.color}' opacity='0.18'/>`);
    parts.push(`<rect x='${labelWidth}' y='${y}' width='${Math.max(1, x(row.value))}' height='${barHeight}' fill='${row.hatched ? 'url(#hatch)' : row.color}' rx='2'/>`);
    let labelX = labelWidth + Math.max(x(row.value), x(row.ghost ?? 0)) + 4;
    if (row.secondary) {
      parts.push(`<rect x='${labelWidth}' y='${y + barHeight + 2}' width='${Math.max(1, x(row.secondary.value))}' height='${barHeight - 4}' fill='${row.secondary.color}' rx='2'/>`);
      labelX = Math.max(labelX, labelWidth + x(row.secondary.value) + 4);
    }
    if (row.marker && row.marker.value > 0) {
      const mx = labelWidth + x(row.marker.value);
      parts.push(`<line x1='${mx}' y1='${y - 3}' x2='${mx}' y2='${y + barHeight + 3}' stroke='#111' stroke-width='2.5'><title>${escapeHtml(row.marker.label)}</title></line>`);
      labelX = Math.max(labelX, mx + 4);
    }
    const text = row.secondary ? `${row.valueLabel} / ${row.secondary.valueLabel}` : row.valueLabel;
    parts.push(`<text x='${labelX}' y='${y + barHeight - 2}' ${font} font-size='11' fill='#333'>${escapeHtml(text)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface LineSeries {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

export function lineChart(options: { title: string; series: LineSeries[]; xLabel: string; yLabel: string; xTicks: number[]; format: (value: number) => string; width?: number; emptyText?: string }): string {
  const width = options.width ?? 860;
  const height = 300;
  const left = 70;
  const right = 190;
  const top = 40;
  const bottom = 50;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const parts: string[] = [`<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${width} ${height}' width='${width}' height='${height}' role='img' aria-label='${escapeHtml(options.title)}'>`];
  parts.push(`<text x='0' y='20' ${font} font-size='15' font-weight='600' fill='#222'>${escapeHtml(options.title)}</text>`);
  const ys = options.series.flatMap((s) => s.points.map((p) => p.y)).filter((v) => Number.isFinite(v));
  if (ys.length === 0) {
    parts.push(`<rect x='${left}' y='${top}' width='${plotWidth}' height='${plotHeight}' fill='#fafafa' stroke='#ddd'/>`);
    parts.push(`<text x='${left + plotWidth / 2}' y='${top + plotHeight / 2}' ${font} font-size='13' fill='#888' text-anchor='middle'>${escapeHtml(options.emptyText ?? 'not measured in this run')}</text>`);
    parts.push('</svg>');
    return parts.join('');
  }
  const maxY = niceLinearMax(Math.max(...ys));
  const minX = Math.min(...options.xTicks);
  const maxX = Math.max(...options.xTicks);
  const px = (value: number) => left + (maxX === minX ? plotWidth / 2 : ((value - minX) / (maxX - minX)) * plotWidth);
  const py = (value: number) => top + plotHeight - (value / maxY) * plotHeight;
  for (const tick of linearTicks(maxY)) {
    parts.push(`<line x1='${left}' y1='${py(tick)}' x2='${left + plotWidth}' y2='${py(tick)}' stroke='#e5e5e5'/>`);
    parts.push(`<text x='${left - 6}' y='${py(tick) + 4}' ${font} font-size='10' fill='#666' text-anchor='end'>${escapeHtml(options.format(tick))}</text>`);
  }
  for (const tick of options.xTicks) parts.push(`<text x='${px(tick)}' y='${top + plotHeight + 16}' ${font} font-size='11' fill='#444' text-anchor='middle'>${tick}</text>`);
  parts.push(`<text x='${left + plotWidth / 2}' y='${height - 10}' ${font} font-size='11' fill='#444' text-anchor='middle'>${escapeHtml(options.xLabel)}</text>`);
  parts.push(`<text x='14' y='${top + plotHeight / 2}' ${font} font-size='11' fill='#444' text-anchor='middle' transform='rotate(-90 14 ${top + plotHeight / 2})'>${escapeHtml(options.yLabel)}</text>`);
  options.series.forEach((series, index) => {
    const points = [...series.points].sort((a, b) => a.x - b.x);
    parts.push(`<polyline fill='none' stroke='${series.color}' stroke-width='2.5' points='${points.map((p) => `${px(p.x)},${py(p.y)}`).join(' ')}'/>`);
    for (const p of points) parts.push(`<circle cx='${px(p.x)}' cy='${py(p.y)}' r='4' fill='${series.color}'><title>${escapeHtml(`${series.name}: ${options.format(p.y)}`)}</title></circle>`);
    const ly = top + 10 + index * 18;
    parts.push(`<rect x='${left + plotWidth + 16}' y='${ly - 8}' width='12' height='4' fill='${series.color}'/><text x='${left + plotWidth + 32}' y='${ly - 3}' ${font} font-size='11' fill='#333'>${escapeHtml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
