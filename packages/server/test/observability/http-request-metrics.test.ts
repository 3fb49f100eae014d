import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HttpRequestMetrics, requestDurationBuckets } from '../../src/observability/http-request-metrics.js';

const observations: [method: string, route: string, status: number, seconds: number][] = [
  ['GET', '/api/me', 200, 0.0003],
  ['GET', '/api/me', 200, 0.0005], // on a bound: counted in that bucket (le is inclusive)
  ['GET', '/api/me', 200, 0.012],
  ['GET', '/api/me', 401, 0.0007],
  ['POST', '/auth/login', 200, 0.03],
  ['POST', '/auth/login', 429, 7], // past every bound: +Inf only
  ['GET', 'unmatched', 404, 0.0001],
];

/** The same metrics as prom-client's own Counter and Histogram would write them. */
async function promClientText(): Promise<string> {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'tessera_http_requests_total', help: 'HTTP requests by method, route and status', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames,
    buckets: [...requestDurationBuckets],
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations) {
    requests.inc({ method, route, status: String(status) });
    durations.observe({ method, route, status: String(status) }, seconds);
  }
  return registry.metrics();
}

describe('HttpRequestMetrics', () => {
  it('writes exactly what prom-client Counter and Histogram write for the same requests', async () => {
    const registry = new Registry();
    const metrics = new HttpRequestMetrics(registry);
    for (const [method, route, status, seconds] of observations) metrics.record(method, route, status, seconds);
    const text = await registry.metrics();
    expect(text).toContain('tessera_http_request_duration_seconds_bucket{le="0.0005",method="GET",route="/api/me",status="200"} 2');
    expect(text).toContain('tessera_http_request_duration_seconds_bucket{le="2.5",method="POST",route="/auth/login",status="429"} 0');
    expect(text).toContain('tessera_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/auth/login",status="429"} 1');
    expect(text).toContain('tessera_http_requests_total{method="GET",route="/api/me",status="200"} 3');
    expect(text.split('\n').sort()).toEqual((await promClientText()).split('\n').sort());
  });

  it('forgets every series on reset, like prom-client metrics', async () => {
    const registry = new Registry();
    const metrics = new HttpRequestMetrics(registry);
    metrics.record('GET', '/api/me', 200, 0.001);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="/api/me"');
  });
});
