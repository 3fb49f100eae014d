/** Top self-time functions of a V8 `.cpuprofile` (what `node --cpu-prof` writes), as shares of busy time. */
import { readFileSync } from 'node:fs';
import type { ProfileSummary } from './lab-result.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export function summarizeProfile(profile: CpuProfile, limit = 15): ProfileSummary['topSelf'] {
  const byNode = new Map<number, number>();
  if (profile.samples && profile.timeDeltas && profile.samples.length === profile.timeDeltas.length) {
    profile.samples.forEach((id, index) => byNode.set(id, (byNode.get(id) ?? 0) + Math.max(0, profile.timeDeltas![index]!)));
  } else {
    for (const node of profile.nodes) byNode.set(node.id, node.hitCount ?? 0);
  }
  const byFunction = new Map<string, { functionName: string; url: string; self: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    // Idle time is not work: percentages are of the time the process was busy.
    if (node.callFrame.functionName === '(idle)') continue;
    const self = byNode.get(node.id) ?? 0;
    total += self;
    const name = node.callFrame.functionName || '(anonymous)';
    const key = `${name}@${node.callFrame.url}:${node.callFrame.lineNumber}`;
    const entry = byFunction.get(key) ?? { functionName: name, url: `${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(packages|bench)\//, '$1/')}:${node.callFrame.lineNumber + 1}`, self: 0 };
    entry.self += self;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .sort((a, b) => b.self - a.self)
    .slice(0, limit)
    .map((entry) => ({ functionName: entry.functionName, url: entry.url, selfPercent: total > 0 ? (entry.self / total) * 100 : 0 }));
}

export function summarizeProfileFile(mode: string, file: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return { mode, file, topSelf: summarizeProfile(profile) };
}
