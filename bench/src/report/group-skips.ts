import type { LabResult } from './lab-result.js';

/** Skips grouped by reason, in first-seen order: one line per cause, however many modes it hit. */
export function groupSkips(result: Pick<LabResult, 'skipped'>): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const skip of result.skipped) groups.set(skip.reason, [...(groups.get(skip.reason) ?? []), skip.mode]);
  return [...groups];
}

export function skipLine([reason, modes]: [string, string[]]): string {
  return `${modes.length > 1 ? 'modes' : 'mode'} ${modes.join(', ')} skipped: ${reason}`;
}
