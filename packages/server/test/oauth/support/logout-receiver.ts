import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedLogout {
  contentType: string | undefined;
  logoutToken: string | null;
}

/**
 * A relying party's back-channel logout endpoint on 127.0.0.1 and an ephemeral port: records each
 * POST and answers with the next status from `statuses` (then 200).
 */
export class LogoutReceiver {
  readonly received: ReceivedLogout[] = [];
  readonly statuses: number[] = [];
  #server: Server | undefined;
  #waiters: (() => void)[] = [];

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/backchannel-logout`;
  }

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        this.received.push({ contentType: request.headers['content-type'], logoutToken: new URLSearchParams(body).get('logout_token') });
        response.writeHead(this.statuses.shift() ?? 200).end();
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
  }

  /** Resolves once `count` requests have arrived (fails the test after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedLogout[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} back-channel logouts, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.received.slice(0, count);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
