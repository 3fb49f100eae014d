import type { Metric, Registry } from 'prom-client';

/** Upper bounds of the request-duration histogram, seconds. */
export const requestDurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

type Labels = { method: string; route: string; status: string };
/** A line of the exposition, as prom-client's `Registry` reads it from `get()`. */
type MetricLine = { metricName?: string; labels: Record<string, string | number>; value: number };

/** One (method, route, status) series: a count, a sum and non-cumulative bucket counts. */
interface Series {
  readonly labels: Labels;
  count: number;
  sum: number;
  /** Index i counts observations in (bounds[i-1], bounds[i]]; the last slot is past every bound (+Inf only). */
  readonly buckets: Float64Array;
}

/**
 * `tessera_http_requests_total` and `tessera_http_request_duration_seconds`, recorded by one
 * call per answered request. prom-client's `observe(labels, v)` validates and hashes the labels
 * object on every call; here a series is found by three Map lookups on values the request already
 * holds (route pattern → method → numeric status), so recording allocates nothing after a
 * series' first request. prom-client still renders the text: both metrics are registered on the
 * server's registry as metric objects whose `get()` builds the same values its own Counter and
 * Histogram would (cumulative `le` buckets, `+Inf`, `_sum`, `_count`).
 */
export class HttpRequestMetrics {
  readonly #series = new Map<string, Map<string, Map<number, Series>>>();

  constructor(registry: Registry) {
    registry.registerMetric(this.#metric('tessera_http_requests_total', 'HTTP requests by method, route and status', 'counter', () => this.#counterValues()));
    registry.registerMetric(this.#metric('tessera_http_request_duration_seconds', 'HTTP request duration by method, route and status', 'histogram', () => this.#histogramValues()));
  }

  /** One answered request. `route` is the route pattern (never the raw URL: unbounded labels). */
  record(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.#series.get(route);
    if (byMethod === undefined) this.#series.set(route, (byMethod = new Map<string, Map<number, Series>>()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map<number, Series>()));
    let series = byStatus.get(status);
    if (series === undefined) {
      series = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Float64Array(requestDurationBuckets.length + 1) };
      byStatus.set(status, series);
    }
    series.count++;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < requestDurationBuckets.length && seconds > requestDurationBuckets[bucket]!) bucket++;
    series.buckets[bucket]!++;
  }

  *#all(): Generator<Series> {
    for (const byMethod of this.#series.values()) for (const byStatus of byMethod.values()) yield* byStatus.values();
  }

  #counterValues(): MetricLine[] {
    return [...this.#all()].map((series) => ({ labels: series.labels, value: series.count }));
  }

  #histogramValues(): MetricLine[] {
    const name = 'tessera_http_request_duration_seconds';
    const values: MetricLine[] = [];
    for (const series of this.#all()) {
      let cumulative = 0;
      requestDurationBuckets.forEach((bound, index) => {
        cumulative += series.buckets[index]!;
        values.push({ metricName: `${name}_bucket`, labels: { le: bound, ...series.labels }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...series.labels }, value: series.count });
      values.push({ metricName: `${name}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${name}_count`, labels: series.labels, value: series.count });
    }
    return values;
  }

  /** The shape `Registry` reads from a metric: name, help, type and `get()`. */
  #metric(name: string, help: string, type: 'counter' | 'histogram', values: () => MetricLine[]): Metric {
    const metric = {
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => Promise.resolve({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => this.#series.clear(),
    };
    // Registry needs only these members; prom-client's types name its four classes instead.
    return metric as unknown as Metric;
  }
}
