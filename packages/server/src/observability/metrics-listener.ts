import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { ServerMetrics } from './metrics.js';

export interface MetricsListener {
  /** `http://host:port/metrics`. */
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` on a listener of its own (`TESSERA_METRICS_PORT`, loopback unless
 * `TESSERA_METRICS_HOST` says otherwise), the way Keycloak's management port and Prometheus
 * exporters do it: the scrape endpoint never shares a port with the public, balanced one
 * (ASVS 5.0 V13.4: no operational endpoints on the public surface). Plain `node:http`: one route,
 * nothing to parse.
 */
export async function startMetricsListener(metrics: ServerMetrics, host: string, port: number): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'This listener serves GET /metrics only' }));
      return;
    }
    metrics.render().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => {
        response.writeHead(500, { 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'internal_error' }));
      },
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${boundPort}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
