import { performance } from 'node:perf_hooks';

/**
 * Operations per second of `operation`, one in flight, for about `durationMs` (after a short
 * warmup so the JIT has settled). Bounded in time and in count.
 */
export async function measureRate(operation: () => unknown, isAsync: boolean, durationMs: number): Promise<number> {
  const batch = isAsync ? 16 : 64;
  const maxOperations = 50_000_000;
  const run = async (ms: number): Promise<number> => {
    let count = 0;
    const started = performance.now();
    const endAt = started + ms;
    while (performance.now() < endAt && count < maxOperations) {
      if (isAsync) {
        for (let i = 0; i < batch; i++) await operation();
      } else {
        for (let i = 0; i < batch; i++) operation();
      }
      count += batch;
    }
    return (count * 1000) / (performance.now() - started);
  };
  await run(Math.min(200, durationMs / 4));
  return run(durationMs);
}

/**
 * Operations per second with `inFlight` concurrent operations (a network round trip: what a
 * busy server sees from its store client).
 */
export async function measureConcurrentRate(operation: () => Promise<unknown>, inFlight: number, durationMs: number): Promise<number> {
  const run = async (ms: number): Promise<number> => {
    let count = 0;
    const started = performance.now();
    const endAt = started + ms;
    const maxPerLane = 10_000_000;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = 0; i < maxPerLane && performance.now() < endAt; i++) {
          await operation();
          count++;
        }
      }),
    );
    return (count * 1000) / (performance.now() - started);
  };
  await run(Math.min(200, durationMs / 4));
  return run(durationMs);
}
