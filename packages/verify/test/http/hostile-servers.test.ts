import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, type VerifyError } from '../../src/index.js';
import { generateTestKey, type TestKey } from '../support/keys.js';
import { accessToken, NOW_MS } from '../support/tokens.js';
import { anchoredClock, waitFor } from '../support/wait-for.js';

let signing: TestKey;
beforeAll(() => {
  signing = generateTestKey('EdDSA');
});

/** What one hostile response did: bytes it managed to write, and whether the client hung up. */
interface Endless {
  written: number;
  closed: boolean;
}

/** A response that never ends: `prefix`, then `chunk` again and again. */
interface EndlessBody {
  head: Record<string, string>;
  prefix: string;
  chunk: string;
}

/**
 * A real `node:http` server whose chosen path answers a body that never ends: chunked, no
 * Content-Length, throttled (a chunk every few ms, so a reader without a limit grows steadily
 * instead of exhausting the machine).
 */
class HostileServer {
  readonly endless: Endless[] = [];
  readonly #server: Server;

  constructor(private readonly route: (url: string, issuer: string) => EndlessBody | { json: Record<string, unknown> } | undefined) {
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  get issuer(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const answer = this.route(req.url ?? '', this.issuer);
    if (answer === undefined) {
      res.writeHead(404).end();
      return;
    }
    if ('json' in answer) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
      return;
    }
    const record: Endless = { written: 0, closed: false };
    this.endless.push(record);
    res.writeHead(200, answer.head);
    res.write(answer.prefix);
    const timer = setInterval(() => {
      if (res.writableNeedDrain) return;
      res.write(answer.chunk);
      record.written += answer.chunk.length;
    }, 2);
    res.on('close', () => {
      clearInterval(timer);
      record.closed = true;
    });
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const chunk = 'x'.repeat(64 * 1024);

describe('audit finding 13: @tessera/verify reads unbounded input', () => {
  it('an endless chunked JWKS body with no Content-Length is cut off at the size limit: jwks_unavailable, no hang', async () => {
    const server = await new HostileServer((url) =>
      url === '/jwks.json' ? { head: { 'content-type': 'application/json' }, prefix: '{"keys":[{"kid":"', chunk } : undefined,
    ).start();
    cleanups.push(() => server.stop());
    const verifier = createVerifier({ issuer: server.issuer, audience: 'orders', jwksUri: `${server.issuer}/jwks.json`, clock: anchoredClock(NOW_MS) });
    cleanups.push(() => verifier.close());
    const startedAt = Date.now();
    const code = await verifier.verify(accessToken(signing, { iss: server.issuer })).then(
      () => 'accepted',
      (error: unknown) => (error as VerifyError).code,
    );
    expect(code).toBe('jwks_unavailable');
    expect(Date.now() - startedAt).toBeLessThan(3000);
    await waitFor(() => server.endless[0]?.closed === true, 3000, 'the verifier to hang up');
    // 512 KiB limit, plus what the socket buffers held: never the whole (endless) body.
    expect(server.endless[0]!.written).toBeLessThan(8 * 1024 * 1024);
  }, 15_000);

  it('an SSE stream with an endless line is dropped (the line is capped): revocation_state_stale, memory bounded, reconnects', async () => {
    const client = { id: 'orders-api', secret: 'orders-secret' };
    const server = await new HostileServer((url, issuer) => {
      if (url === '/.well-known/oauth-authorization-server') {
        return {
          json: {
            issuer,
            tessera_revocation_events_endpoint: `${issuer}/oauth/revocations/stream`,
            tessera_revocation_events_jwks_uri: `${issuer}/oauth/revocations/jwks.json`,
          },
        };
      }
      if (url === '/oauth/revocations/jwks.json') return { json: { keys: [] } };
      if (url === '/oauth/revocations/stream') return { head: { 'content-type': 'text/event-stream' }, prefix: 'event: revocation\ndata: ', chunk };
      return undefined;
    }).start();
    cleanups.push(() => server.stop());
    const verifier = createVerifier({
      issuer: server.issuer,
      audience: 'orders',
      keys: { keys: [signing.jwk] },
      revocations: 'subscribe',
      client,
      maxStaleness: 1,
      clock: anchoredClock(NOW_MS),
    });
    cleanups.push(() => verifier.close());
    const code = await verifier.verify(accessToken(signing, { iss: server.issuer })).then(
      () => 'accepted',
      (error: unknown) => (error as VerifyError).code,
    );
    expect(code).toBe('revocation_state_stale');
    await waitFor(() => server.endless[0]?.closed === true, 5000, 'the verifier to drop the stream');
    expect(server.endless[0]!.written).toBeLessThan(8 * 1024 * 1024);
    // It reconnects (with backoff) rather than giving up.
    await waitFor(() => server.endless.length >= 2, 5000, 'a reconnection');
  }, 20_000);
});
