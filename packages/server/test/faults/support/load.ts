import { instanceHeader } from '@tessera/testing';

/** One request of a load run: what was asked, what came back, and who answered. */
export interface LoadOutcome {
  kind: string;
  method: string;
  /** 0 when the request failed without an HTTP answer (connection reset, refused). */
  status: number;
  /** X-Tessera-Instance of the answer; null for HAProxy's own answers and failures. */
  instance: string | null;
  startedAt: number;
  endedAt: number;
  error?: string;
}

export interface LoadRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called with the status and text of the answer (0 and '' when there was none). */
  onAnswer?: (status: number, text: string) => void;
}

/**
 * Sends `total` requests from `next(i)` through `baseUrl` with `concurrency` in flight, calling
 * `onProgress(done)` after each. Failures are recorded, never thrown.
 */
export async function runLoad(options: {
  baseUrl: string;
  total: number;
  concurrency: number;
  next: (index: number) => LoadRequest;
  onProgress?: (done: number) => void;
}): Promise<LoadOutcome[]> {
  const outcomes: LoadOutcome[] = [];
  let issued = 0;
  const worker = async () => {
    while (issued < options.total) {
      const index = issued++;
      const request = options.next(index);
      const startedAt = performance.now();
      try {
        const response = await fetch(new URL(request.path, options.baseUrl), {
          method: request.method,
          headers: request.headers ?? {},
          ...(request.body === undefined ? {} : { body: request.body }),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        request.onAnswer?.(response.status, text);
        outcomes.push({ kind: request.kind, method: request.method, status: response.status, instance: response.headers.get(instanceHeader), startedAt, endedAt: performance.now() });
      } catch (error) {
        request.onAnswer?.(0, '');
        outcomes.push({ kind: request.kind, method: request.method, status: 0, instance: null, startedAt, endedAt: performance.now(), error: String(error) });
      }
      options.onProgress?.(outcomes.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}

/** Counts by a key. */
export function tally<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
