/** The `fetch` the verifier uses (inject one in tests; defaults to `globalThis.fetch`). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Limits of one JSON request to the authorization server. */
export interface FetchJsonLimits {
  /** Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Default 512 KiB: a metadata document or JWKS is a few KiB. */
  readonly maxBytes?: number;
}

/** A parsed JSON object and the response headers it came with. */
export interface JsonResponse {
  readonly json: Record<string, unknown>;
  readonly headers: Headers;
}

/**
 * GETs or POSTs and parses a JSON object, with a timeout and a size limit. Throws a plain `Error`
 * naming the URL and the failure (never a token; request bodies are not echoed).
 */
export async function fetchJson(fetch: FetchLike, url: string, init: RequestInit, limits: FetchJsonLimits = {}): Promise<Record<string, unknown>> {
  return (await fetchJsonResponse(fetch, url, init, limits)).json;
}

/** {@link fetchJson}, also returning the response headers (e.g. the JWKS's `Cache-Control`). */
export async function fetchJsonResponse(fetch: FetchLike, url: string, init: RequestInit, limits: FetchJsonLimits = {}): Promise<JsonResponse> {
  const maxBytes = limits.maxBytes ?? 512 * 1024;
  const response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(limits.timeoutMs ?? 5000) });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`${url} answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`${url} answered more than ${maxBytes} bytes`);
  }
  const text = await readBounded(response, url, maxBytes);
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${url} did not answer a JSON object`);
  return { json: parsed as Record<string, unknown>, headers: response.headers };
}

/**
 * The body as text, read chunk by chunk and abandoned (the connection closed) as soon as it passes
 * `maxBytes`: a body without Content-Length (chunked, or cut off by a proxy) may never end.
 */
async function readBounded(response: Response, url: string, maxBytes: number): Promise<string> {
  if (response.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) throw new Error(`${url} answered more than ${maxBytes} bytes`);
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks, received).toString('utf8');
}
