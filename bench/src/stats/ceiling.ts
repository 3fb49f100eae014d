/**
 * The contract's rule for the lab's HTTP targets ("How the lab's HTTP targets are meant"):
 * with `b` the server's no-auth CPU per request and `v` the raw cost of the auth step (a
 * signature verify, a Map read, a Redis round trip), both measured in the same run, a mode's
 * throughput per core used must reach `factor × 1/(b + v)`, factor 0.9.
 */

export const ceilingFactor = 0.9;

/** Requests per second per core that a mode may be asked for: `factor / (b + v)`, b and v in µs. */
export function ceilingPerCore(noAuthCpuPerRequestUs: number, authCostUs: number, factor = ceilingFactor): number {
  if (!(noAuthCpuPerRequestUs > 0) || !(authCostUs >= 0)) return Number.NaN;
  return (factor * 1e6) / (noAuthCpuPerRequestUs + authCostUs);
}

/** Microseconds per operation from operations per second. */
export function costUs(operationsPerSecond: number): number {
  return operationsPerSecond > 0 ? 1e6 / operationsPerSecond : Number.NaN;
}

/** Throughput per core used: requests/s divided by the CPU cores the server burned meanwhile. */
export function perCore(requestsPerSecond: number, coresUsed: number): number {
  return coresUsed > 0 ? requestsPerSecond / coresUsed : Number.NaN;
}

export type TargetKind = 'ceiling' | 'ratio-to-no-auth' | 'ratio-to-peer' | 'ratio-to-raw' | 'absolute' | 'latency-ratio' | 'latency-max';

/** One target from issue 5 or the contract, evaluated against a measured figure. */
export interface TargetEvaluation {
  kind: TargetKind;
  /** What is required, in words: "≥ 0.9 × 1/(b+v) per core", "≥ 0.95 × no-auth per core". */
  rule: string;
  /** The figure the measurement must reach (or stay under, for `lowerIsBetter`). */
  required: number;
  measured: number;
  unit: string;
  lowerIsBetter: boolean;
  met: boolean;
  /** measured ÷ required (for lower-is-better targets, required ÷ measured): ≥ 1 means met. */
  attainment: number;
  /** How far the measurement misses, as a fraction of the requirement (0 when met). */
  shortfall: number;
}

export function evaluateTarget(input: {
  kind: TargetKind;
  rule: string;
  required: number;
  measured: number;
  unit: string;
  lowerIsBetter?: boolean;
}): TargetEvaluation {
  const lowerIsBetter = input.lowerIsBetter ?? false;
  const { required, measured } = input;
  const valid = Number.isFinite(required) && Number.isFinite(measured) && required > 0 && measured >= 0;
  const attainment = !valid ? Number.NaN : lowerIsBetter ? (measured === 0 ? Number.POSITIVE_INFINITY : required / measured) : measured / required;
  const met = valid && attainment >= 1;
  const shortfall = !valid || met ? 0 : lowerIsBetter ? measured / required - 1 : 1 - measured / required;
  return { kind: input.kind, rule: input.rule, required, measured, unit: input.unit, lowerIsBetter, met, attainment, shortfall };
}

/** "met (112 %)" / "missed by 23 %" / "n/a". */
export function describeTarget(target: TargetEvaluation): string {
  if (!Number.isFinite(target.attainment)) return 'n/a';
  if (target.met) return target.lowerIsBetter ? `met (${Math.round((target.measured / target.required) * 100)} % of the limit)` : `met (${Math.round(target.attainment * 100)} %)`;
  const by = target.lowerIsBetter ? `${formatPercent(target.shortfall)} over` : `missed by ${formatPercent(target.shortfall)}`;
  return target.lowerIsBetter ? `missed: ${by}` : by;
}

function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 10 ? Math.round(percent) : percent.toFixed(1)} %`;
}
