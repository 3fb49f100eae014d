import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of every live process (from /proc/<pid>/stat). */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(afterName[1]));
    } catch {
      // gone meanwhile
    }
  }
  return parents;
}

/** `root` and every process below it (a cluster script's instances and load balancer). */
export function processTree(root: number): number[] {
  const parents = parentPids();
  const tree = [root];
  for (let i = 0; i < tree.length && tree.length < 10_000; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  return tree;
}

/** Command line of a process (NUL-separated args joined with spaces), '' when gone. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
