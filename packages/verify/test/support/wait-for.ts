import { setTimeout as sleep } from 'node:timers/promises';
/** Polls until `condition` holds (real time), failing after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A clock that runs in real time from 2030-01-01 (the test tokens' epoch) and can jump forward. */
export function anchoredClock(anchorMs: number): { now: () => number; advance: (ms: number) => void } {
  const offset = anchorMs - Date.now();
  let skip = 0;
  return { now: () => Date.now() + offset + skip, advance: (ms) => (skip += ms) };
}
