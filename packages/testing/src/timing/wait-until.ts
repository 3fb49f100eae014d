import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between two checks. Default 100 ms. */
  intervalMs?: number;
  /** The timeout error's message (called once, when time is up: it may name the last state seen). */
  failure: () => string;
}

/** Thrown when a polled condition did not hold in time. */
export class WaitTimeoutError extends Error {
  readonly code = 'wait_timeout';
  override readonly name = 'WaitTimeoutError';
}

/**
 * Polls `check` until it resolves true. A check that throws ends the wait with its error (a
 * process that exited during start-up does not get to wait out the timeout).
 */
export async function waitUntil(check: () => Promise<boolean> | boolean, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new WaitTimeoutError(options.failure());
    await sleep(options.intervalMs ?? 100);
  }
}
