import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer, type RunningServer } from '../../src/serve.js';
import { createMemoryStores } from '@tessera/core';
import { startTestServer, type StartedServer } from '../support/start-server.js';
import { freePort } from '@tessera/testing';

describe('audit finding 14: /metrics is not on the public listener', () => {
  describe('default: loopback-only on the main listener', () => {
    let server: StartedServer;
    beforeAll(async () => {
      server = await startTestServer({ store: 'sqlite' });
    });
    afterAll(() => server.close());

    it('answers a scraper that connects directly from this host', async () => {
      const response = await fetch(`${server.baseUrl}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE tessera_http_requests_total');
    });

    it('is a plain 404 for anything a proxy relayed', async () => {
      const relayed: Record<string, string>[] = [{ 'x-forwarded-for': '198.51.100.4' }, { forwarded: 'for=198.51.100.4' }, { 'x-real-ip': '198.51.100.4' }];
      for (const headers of relayed) {
        const response = await fetch(`${server.baseUrl}/metrics`, { headers });
        expect(response.status).toBe(404);
        const body = (await response.json()) as { code: string };
        expect(body.code).toBe('not_found');
      }
    });
  });

  describe('TESSERA_METRICS_PORT: a listener of its own', () => {
    let server: RunningServer;
    let metricsPort: number;
    beforeAll(async () => {
      metricsPort = await freePort();
      const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', TESSERA_METRICS_PORT: String(metricsPort) });
      server = await startServer(config, { logger: createLogger({ level: 'silent' }), stores: createMemoryStores() });
    });
    afterAll(() => server.close());

    it('serves Prometheus text on the metrics port and names it', async () => {
      expect(server.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}/metrics`);
      const response = await fetch(server.metricsUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toContain('# TYPE tessera_http_requests_total');
    });

    it('has no /metrics on the main listener, not even from loopback', async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(404);
    });

    it('serves nothing else on the metrics port', async () => {
      const response = await fetch(`http://127.0.0.1:${metricsPort}/auth/session`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    });

    it('closes the metrics listener on shutdown', async () => {
      await server.close();
      await expect(fetch(server.metricsUrl)).rejects.toThrow();
    });
  });
});
