import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './http-problem.js';
import { assertSafeValue, forbiddenKeys } from './json-body-parser.js';

/**
 * `application/x-www-form-urlencoded` for `/oauth/*` (RFC 6749 §4.3.2, §6, RFC 7009, RFC 7662), via
 * @fastify/formbody with a strict parser: the body must be ASCII (form encoding percent-encodes
 * everything else, so raw invalid UTF-8 lands here), percent-escapes must decode to valid UTF-8,
 * no NUL, no prototype-pollution names, and no parameter twice (RFC 6749 §3.1, §3.2) except
 * those defined to repeat, which arrive as an array when they do.
 */
/** RFC 8707 §2: `resource` "MAY be used multiple times". */
const repeatable: ReadonlySet<string> = new Set(['resource']);

export async function registerFormBodyParser(app: FastifyInstance, bodyLimit: number): Promise<void> {
  await app.register(formbody, { bodyLimit, parser: parseStrictForm });
}

export function parseStrictForm(body: string): Record<string, string | string[]> {
  if (/[^\x20-\x7e]/.test(body)) throw new HttpProblem('malformed_body', 'Form body must be ASCII (percent-encode the rest)');
  const params: Record<string, string | string[]> = {};
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodeComponent(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? '' : decodeComponent(pair.slice(separator + 1));
    // Checked before assignment: `params.__proto__ = "x"` would not even create a key to find later.
    if (forbiddenKeys.has(name)) throw new HttpProblem('malformed_body', `Form body contains the forbidden name "${name}"`);
    const previous = params[name];
    if (previous === undefined) params[name] = value;
    else if (repeatable.has(name)) params[name] = [previous, value].flat();
    else throw new HttpProblem('invalid_request', `Parameter "${name.slice(0, 40)}" is repeated`);
  }
  assertSafeValue(params);
  return params;
}

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    throw new HttpProblem('malformed_body', 'Form body has a malformed percent-escape or invalid UTF-8');
  }
}
