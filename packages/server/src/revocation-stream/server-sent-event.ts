/**
 * Server-Sent Events framing (WHATWG HTML §9.2). A frame is a few `field: value` lines ended by
 * a blank line. Freshness comes from the signed heartbeat event (heartbeat-event.ts), never from a comment.
 */

/** The SSE `event:` name of a revocation; `data:` is one RFC 8417 Security Event Token. */
export const revocationEventName = 'revocation';

/** Log ids become SSE `id:` lines, so they must be one line without NUL (a client would drop the id). */
export function isSafeEventId(id: string): boolean {
  return id.length > 0 && id.length <= maxEventIdLength && !/[\0\r\n]/.test(id);
}

/** Longest `Last-Event-ID` accepted (log ids are short integers or stream ids). */
export const maxEventIdLength = 128;

/** One revocation event: `id`, `event`, `data` (a compact JWS never contains a line break). */
export function revocationFrame(id: string, securityEventToken: string): string {
  return `id: ${id}\nevent: ${revocationEventName}\ndata: ${securityEventToken}\n\n`;
}

/** The reconnection delay the client should use, ms (the SSE `retry:` field). */
export function retryFrame(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}
