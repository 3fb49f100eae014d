import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem.js';

/** Keys that reach `Object.prototype` through naive merges (prototype pollution). Never needed by Tessera. */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper nesting than this is an attack, not a request. */
const maxDepth = 32;

/**
 * The only JSON parser: reads raw bytes up to the body limit (Fastify answers 413 on a larger
 * `Content-Length` before reading, and stops reading a chunked body once past the limit), then
 * refuses invalid UTF-8 (`isUtf8` from node:buffer, instead of silently decoding to U+FFFD), non-UTF-8
 * charsets, malformed JSON, NUL characters, prototype-pollution keys and absurd nesting — all 400s.
 */
export function registerJsonBodyParser(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      assertUtf8Charset(request.headers['content-type']);
      done(null, parseStrictJson(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** An empty body is no body (a DELETE sent with a JSON content type); routes that need one say what is missing. */
export function parseStrictJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  if (!isUtf8(body)) throw new HttpProblem('malformed_body', 'Request body is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpProblem('malformed_body', 'Request body is not valid JSON');
  }
  assertSafeValue(value);
  return value;
}

/** Iterative walk (no recursion to exhaust): keys and strings without NUL, no forbidden keys, bounded depth. */
export function assertSafeValue(root: unknown): void {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) throw new HttpProblem('malformed_body', 'Request body contains a NUL character');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) throw new HttpProblem('malformed_body', 'Request body is nested too deeply');
    const entries = Array.isArray(value) ? value.map((item): [string, unknown] => ['', item]) : Object.entries(value);
    for (const [key, child] of entries) {
      if (forbiddenKeys.has(key)) throw new HttpProblem('malformed_body', `Request body contains the forbidden key "${key}"`);
      if (key.includes('\0')) throw new HttpProblem('malformed_body', 'Request body contains a NUL character');
      stack.push([child, depth + 1]);
    }
  }
}

/** `application/json` is UTF-8 (RFC 8259 §8.1); a declared other charset is a 415, not a guess. */
export function assertUtf8Charset(contentType: string | undefined): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new HttpProblem('unsupported_media_type', 'Only UTF-8 request bodies are accepted');
  }
}
