import type { ChildProcess } from 'node:child_process';

// Every process the toolkit starts dies with this process, even when a caller forgets to stop it
// or a test file crashes before its teardown runs.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Registers `child` to be SIGKILLed if this process exits while it still runs. */
export function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}
