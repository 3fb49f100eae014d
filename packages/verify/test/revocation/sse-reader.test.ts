import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from '../../src/revocation/sse-reader.js';

async function parse(chunks: string[]): Promise<{ events: ServerSentEvent[]; comments: string[]; retries: number[] }> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const events: ServerSentEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  await readServerSentEvents(body, { onEvent: (event) => void events.push(event), onComment: (text) => void comments.push(text), onRetry: (ms) => void retries.push(ms) });
  return { events, comments, retries };
}

describe('readServerSentEvents', () => {
  it('parses id, event and data, dispatching on a blank line', async () => {
    const { events } = await parse(['id: 1\nevent: revocation\ndata: abc\n\n', 'id: 2\ndata: x\n\n']);
    expect(events).toEqual([
      { id: '1', event: 'revocation', data: 'abc' },
      { id: '2', event: 'message', data: 'x' },
    ]);
  });

  it('joins multi-line data with LF and strips only one leading space', async () => {
    const { events } = await parse(['data:  two spaces\ndata:none\ndata\n\n']);
    expect(events[0]?.data).toBe(' two spaces\nnone\n');
  });

  it('accepts CRLF, CR and LF, including a CRLF split across chunks', async () => {
    const { events } = await parse(['id: 1\r', '\nevent: a\rdata: b\r\n\r', '\n', 'data: c\n\n']);
    expect(events).toEqual([
      { id: '1', event: 'a', data: 'b' },
      { id: '1', event: 'message', data: 'c' },
    ]);
  });

  it('handles fields split in the middle of a chunk', async () => {
    const { events } = await parse(['id: 4', '2\nda', 'ta: hel', 'lo\n', '\n']);
    expect(events).toEqual([{ id: '42', event: 'message', data: 'hello' }]);
  });

  it('reports comments (keepalives) and retry, and ignores unknown fields', async () => {
    const { events, comments, retries } = await parse([': keepalive\n\n', 'retry: 2500\nretry: soon\nfoo: bar\n\n', ':\n']);
    expect(events).toEqual([]);
    expect(comments).toEqual(['keepalive', '']);
    expect(retries).toEqual([2500]);
  });

  it('drops a leading BOM, ignores an id containing NUL, and discards an event cut off by the end', async () => {
    const { events } = await parse(['\uFEFFid: 7\ndata: a\n\n', 'id: x\u0000y\ndata: b\n\n', 'data: unfinished\n']);
    expect(events).toEqual([
      { id: '7', event: 'message', data: 'a' },
      { id: '7', event: 'message', data: 'b' },
    ]);
  });

  it('does not dispatch an event without data, and resets the type', async () => {
    const { events } = await parse(['event: revocation\n\n', 'data: z\n\n']);
    expect(events).toEqual([{ id: undefined, event: 'message', data: 'z' }]);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: é€\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const events: ServerSentEvent[] = [];
    await readServerSentEvents(body, { onEvent: (event) => void events.push(event), onComment: () => undefined, onRetry: () => undefined });
    expect(events[0]?.data).toBe('é€');
  });
});
