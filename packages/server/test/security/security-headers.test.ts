import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaderValues } from '../../src/security/security-headers.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

/**
 * Issue 13 replaced `@fastify/helmet` (helmet's middlewares on every request) by helmet's values
 * computed once and set in one hook. Every API answer must still carry every one of them.
 */
describe('security headers on every API answer', () => {
  let server: StartedServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('are helmet\'s full set with the API\'s strict CSP, on 200, 401 and 404 alike', async () => {
    expect(securityHeaderValues['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    expect(Object.keys(securityHeaderValues).length).toBeGreaterThanOrEqual(11);
    for (const path of ['/healthz', '/api/me', '/no/such/route']) {
      const response = await fetch(`${server.baseUrl}${path}`);
      await response.arrayBuffer();
      for (const [name, value] of Object.entries(securityHeaderValues)) expect(response.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });
});
