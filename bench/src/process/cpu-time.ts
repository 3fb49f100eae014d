import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system) a process has burned so far, in milliseconds, from `/proc/<pid>/stat`
 * (fields 14 and 15, in clock ticks of 10 ms on Linux). Includes threads that already ended
 * (libuv's pool, V8's GC helpers), which is why the lab reads this rather than `schedstat`.
 * `NaN` when the process is gone or `/proc` is missing.
 */
export function cpuTimeMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(afterName[11]);
    const systemTicks = Number(afterName[12]);
    return ((userTicks + systemTicks) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** sysconf(_SC_CLK_TCK): 100 on every Linux kernel configuration Node supports. */
const clockTicksPerSecond = 100;

/** Total CPU milliseconds of several processes (NaN if any is unreadable). */
export function totalCpuTimeMs(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += cpuTimeMs(pid);
  return total;
}

/**
 * CPU time the whole machine spent busy so far (all cores, user + nice + system + irq + softirq +
 * steal from `/proc/stat`), in ms. The difference over a window, minus what the lab's own
 * processes used, is CPU that other work took from the measurement.
 */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}
