import { createMemoryStores } from '@tessera/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer, type RunningServer } from '../../src/serve.js';

/** Issue 13: per-request log lines only on request (TESSERA_ACCESS_LOG) or at debug; errors and auth events always. */
describe('per-request logging', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function linesFor(env: Record<string, string>, level: 'info' | 'debug'): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', ...env });
    server = await startServer(config, { logger: createLogger({ level, destination: { write: (line: string) => void lines.push(line) } }), stores: createMemoryStores() });
    // Health probes are quiet at any level (their routes log at warn); /api/me is not.
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    for (let i = 0; i < 3; i++) await (await fetch(`${server.url}/api/me?probe=${i}`)).arrayBuffer();
    await (await fetch(`${server.url}/api/me`, { headers: { authorization: 'Bearer not.a.token' } })).arrayBuffer();
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const messages = (lines: Record<string, unknown>[], message: string) => lines.filter((line) => line.msg === message);

  it('writes no line per request at info by default', async () => {
    const lines = await linesFor({}, 'info');
    expect(messages(lines, 'tessera is serving')).toHaveLength(1);
    expect(messages(lines, 'incoming request')).toHaveLength(0);
    expect(messages(lines, 'request completed')).toHaveLength(0);
  });

  it('writes one line per request at debug, without the query string', async () => {
    const lines = await linesFor({}, 'debug');
    const completed = messages(lines, 'request completed');
    expect(completed).toHaveLength(4);
    expect(completed[0]).toMatchObject({ level: 20, req: { method: 'GET', url: '/api/me?[redacted]', route: '/api/me' }, res: { statusCode: 401 } });
    expect(completed[3]).toMatchObject({ req: { route: '/api/me' }, res: { statusCode: 401 } });
    expect(messages(lines, 'incoming request')).toHaveLength(0);
  });

  it('writes Fastify\'s two info lines per request with TESSERA_ACCESS_LOG=true', async () => {
    const lines = await linesFor({ TESSERA_ACCESS_LOG: 'true' }, 'info');
    expect(messages(lines, 'incoming request')).toHaveLength(4);
    expect(messages(lines, 'request completed')).toHaveLength(4);
    expect(messages(lines, 'request completed').every((line) => line.level === 30)).toBe(true);
  });
});
