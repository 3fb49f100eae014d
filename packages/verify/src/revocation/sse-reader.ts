/** One dispatched Server-Sent Event. */
export interface ServerSentEvent {
  /** The last event id in effect when this event was dispatched (`undefined` if the server sent none). */
  readonly id: string | undefined;
  /** The `event:` field, `message` when absent. */
  readonly event: string;
  readonly data: string;
}

/**
 * Longest line, and longest event (its `data` lines together), in UTF-16 code units: a SET is a
 * few hundred bytes, so 64 KiB is ample, and a stream past it is hostile or broken.
 */
export const MAX_SSE_LINE_LENGTH = 64 * 1024;
export const MAX_SSE_EVENT_LENGTH = 64 * 1024;

/** Thrown (and the connection dropped) when a line or an event exceeds its bound. */
export class ServerSentEventTooLargeError extends Error {
  override readonly name = 'ServerSentEventTooLargeError';
  constructor() {
    super('revocation stream line or event exceeds its size limit');
  }
}

/** Callbacks of {@link readServerSentEvents}. `onEvent` is awaited: events are handled in order. */
export interface ServerSentEventHandlers {
  onEvent(event: ServerSentEvent): void | Promise<void>;
  /** A comment line (a proxy's `: keepalive`), without the colon. */
  onComment(text: string): void;
  /** A valid `retry:` field, in ms. */
  onRetry(ms: number): void;
}

/**
 * Parses a `text/event-stream` body as the WHATWG HTML "Server-sent events" section describes
 * (§9.2.6): lines end in CRLF, LF or CR; `data` lines accumulate; a blank line dispatches; an `id`
 * with NUL is ignored; lines starting with `:` are comments; a leading BOM is dropped; an event cut
 * off by the end of the stream is discarded. Resolves when the stream ends. A line longer than
 * {@link MAX_SSE_LINE_LENGTH} or an event longer than {@link MAX_SSE_EVENT_LENGTH} rejects with
 * {@link ServerSentEventTooLargeError} and closes the stream (memory stays bounded).
 */
export async function readServerSentEvents(body: ReadableStream<Uint8Array>, handlers: ServerSentEventHandlers): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const lineEnd = /\r\n|\r|\n/g;
  const events = new EventAssembler(handlers);
  let pending = '';
  let atStart = true;

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      pending += value;
      if (atStart && pending.length > 0) {
        if (pending.startsWith('\uFEFF')) pending = pending.slice(1);
        atStart = false;
      }
      let start = 0;
      lineEnd.lastIndex = 0;
      for (let match = lineEnd.exec(pending); match !== null; match = lineEnd.exec(pending)) {
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (match[0] === '\r' && match.index === pending.length - 1) break;
        const line = pending.slice(start, match.index);
        start = match.index + match[0].length;
        await events.line(line);
        lineEnd.lastIndex = start;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_SSE_LINE_LENGTH) throw new ServerSentEventTooLargeError();
    }
  } finally {
    // Also closes the connection when a handler threw (the caller reconnects).
    await reader.cancel().catch(() => undefined);
  }
}

/** Assembles events from lines (the field rules of §9.2.6), dispatching each on its blank line. */
class EventAssembler {
  #data: string[] = [];
  #dataLength = 0;
  #eventType = '';
  #lastId: string | undefined;

  constructor(private readonly handlers: ServerSentEventHandlers) {}

  async line(line: string): Promise<void> {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) {
      this.handlers.onComment(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      this.#dataLength += value.length + 1;
      if (this.#dataLength > MAX_SSE_EVENT_LENGTH) throw new ServerSentEventTooLargeError();
      this.#data.push(value);
    } else if (field === 'event') this.#eventType = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.#lastId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) this.handlers.onRetry(Number(value));
  }

  async #dispatch(): Promise<void> {
    const type = this.#eventType;
    this.#eventType = '';
    if (this.#data.length === 0) return;
    const joined = this.#data.join('\n');
    this.#data = [];
    this.#dataLength = 0;
    await this.handlers.onEvent({ id: this.#lastId, event: type === '' ? 'message' : type, data: joined });
  }
}
