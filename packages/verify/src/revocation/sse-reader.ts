/** One dispatched Server-Sent Event. */
export interface ServerSentEvent {
  /** The last event id in effect when this event was dispatched (`undefined` if the server sent none). */
  readonly id: string | undefined;
  /** The `event:` field, `message` when absent. */
  readonly event: string;
  readonly data: string;
}

/** Callbacks of {@link readServerSentEvents}. `onEvent` is awaited: events are handled in order. */
export interface ServerSentEventHandlers {
  onEvent(event: ServerSentEvent): void | Promise<void>;
  /** A comment line (`: keepalive`), without the colon. */
  onComment(text: string): void;
  /** A valid `retry:` field, in ms. */
  onRetry(ms: number): void;
}

/**
 * Parses a `text/event-stream` body as the WHATWG HTML "Server-sent events" section describes
 * (§9.2.6): lines end in CRLF, LF or CR; `data` lines accumulate; a blank line dispatches; an `id`
 * with NUL is ignored; lines starting with `:` are comments; a leading BOM is dropped; an event cut
 * off by the end of the stream is discarded. Resolves when the stream ends.
 */
export async function readServerSentEvents(body: ReadableStream<Uint8Array>, handlers: ServerSentEventHandlers): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const lineEnd = /\r\n|\r|\n/g;
  let pending = '';
  let data: string[] = [];
  let eventType = '';
  let lastId: string | undefined;
  let atStart = true;

  const processLine = async (line: string): Promise<void> => {
    if (line === '') {
      const type = eventType;
      eventType = '';
      if (data.length === 0) return;
      const joined = data.join('\n');
      data = [];
      await handlers.onEvent({ id: lastId, event: type === '' ? 'message' : type, data: joined });
      return;
    }
    if (line.startsWith(':')) {
      handlers.onComment(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') eventType = value;
    else if (field === 'id') {
      if (!value.includes('\0')) lastId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry(Number(value));
  };

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
        await processLine(line);
        lineEnd.lastIndex = start;
      }
      pending = pending.slice(start);
    }
  } finally {
    // Also closes the connection when a handler threw (the caller reconnects).
    await reader.cancel().catch(() => undefined);
  }
}
