/** One parsed frame of a `text/event-stream` body, as a test sees it. */
export interface ReceivedFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/**
 * A minimal SSE client for tests: keeps every frame, lets a test wait for one. Not a conforming
 * parser (the verifier has that); enough for a server that writes LF-terminated frames.
 */
export class SseTestClient {
  readonly frames: ReceivedFrame[] = [];
  status = 0;
  headers = new Headers();
  ended = false;
  readonly #abort = new AbortController();
  #waiters: Array<() => void> = [];

  /** `credentials`: a client registered with `introspect` (the stream requires one, sent as HTTP Basic). */
  static async connect(url: string, options: { lastEventId?: string; credentials?: { id: string; secret: string } } = {}): Promise<SseTestClient> {
    const client = new SseTestClient();
    const { lastEventId, credentials } = options;
    const response = await fetch(url, {
      headers: {
        accept: 'text/event-stream',
        ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
        ...(credentials === undefined ? {} : { authorization: basicAuthorization(credentials) }),
      },
      signal: client.#abort.signal,
    });
    client.status = response.status;
    client.headers = response.headers;
    if (response.body === null || !response.ok) {
      await response.body?.cancel();
      client.ended = true;
      return client;
    }
    void client.#read(response.body);
    return client;
  }

  /** The parsed payload of a frame's SET (no verification: tests verify separately). */
  static payload(frame: ReceivedFrame): Record<string, unknown> {
    return JSON.parse(Buffer.from(frame.data!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  }

  /** Revocation events received so far. */
  get events(): ReceivedFrame[] {
    return this.frames.filter((frame) => frame.event === 'revocation');
  }

  async waitFor(predicate: (client: SseTestClient) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SSE condition not met within ${timeoutMs} ms (${this.events.length} events, ended: ${this.ended})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.#abort.abort();
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    let pending = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        pending += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const block = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const frame: ReceivedFrame = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) frame.comment = line.slice(1).trim();
            else {
              const colon = line.indexOf(':');
              const field = line.slice(0, colon) as keyof ReceivedFrame;
              frame[field] = line.slice(colon + 1).replace(/^ /, '');
            }
          }
          this.frames.push(frame);
        }
        this.#notify();
      }
    } catch {
      // aborted or cut off
    } finally {
      this.ended = true;
      this.#notify();
    }
  }

  #notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** RFC 6749 §2.3.1 `client_secret_basic`: id and secret form-encoded, then base64. */
export function basicAuthorization(credentials: { id: string; secret: string }): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(credentials.id)}:${encode(credentials.secret)}`).toString('base64')}`;
}
