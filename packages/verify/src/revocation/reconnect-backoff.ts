/**
 * Exponential backoff with jitter for reconnecting: attempt `n` waits between half and all of
 * `min(maxMs, baseMs * 2^n)`, so many verifiers that lost the same server do not return in
 * lock-step ("equal jitter").
 */
export function reconnectDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
