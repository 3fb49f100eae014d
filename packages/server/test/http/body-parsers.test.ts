import { describe, expect, it } from 'vitest';
import { parseStrictForm } from '../../src/http/form-body-parser.js';
import { HttpProblem } from '../../src/http/http-problem.js';
import { assertUtf8Charset, parseStrictJson } from '../../src/http/json-body-parser.js';

const refusal = (action: () => unknown): HttpProblem => {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseStrictJson', () => {
  it('parses JSON and treats an empty body as none', () => {
    expect(parseStrictJson(Buffer.from('{"a":[1,"b"]}'))).toEqual({ a: [1, 'b'] });
    expect(parseStrictJson(Buffer.alloc(0))).toBeUndefined();
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])],
    ['malformed', Buffer.from('{"a":')],
    ['escaped NUL in a value', Buffer.from('{"a":"x\\u0000"}')],
    ['escaped NUL in a key', Buffer.from('{"a\\u0000":1}')],
    ['__proto__', Buffer.from('{"__proto__":{"polluted":true}}')],
    ['constructor.prototype', Buffer.from('{"constructor":{"prototype":{"polluted":true}}}')],
    ['deep nesting', Buffer.from('['.repeat(10_000) + ']'.repeat(10_000))],
  ])('refuses %s with a 400', (_name, body) => {
    expect(refusal(() => parseStrictJson(body)).status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a UTF-8 charset and refuses others with 415', () => {
    expect(() => assertUtf8Charset('application/json; charset=UTF-8')).not.toThrow();
    expect(() => assertUtf8Charset('application/json')).not.toThrow();
    expect(refusal(() => assertUtf8Charset('application/json; charset="iso-8859-1"')).status).toBe(415);
  });
});

describe('parseStrictForm', () => {
  it('decodes + and percent-escapes into a flat record', () => {
    expect(parseStrictForm('grant_type=password&username=a%40b.io&password=two+words&empty=&flag')).toEqual({
      grant_type: 'password',
      username: 'a@b.io',
      password: 'two words',
      empty: '',
      flag: '',
    });
    expect(parseStrictForm('')).toEqual({});
    expect(parseStrictForm('scope=%C3%A9t%C3%A9')).toEqual({ scope: 'été' });
  });

  it.each([
    ['a repeated parameter (RFC 6749 §3.2)', 'a=1&a=2'],
    ['invalid UTF-8 behind a percent-escape', 'a=%FF'],
    ['a broken escape', 'a=%G1'],
    ['raw non-ASCII', 'a=é'],
    ['NUL', 'a=x%00y'],
    ['__proto__ as a name', '__proto__=1'],
  ])('refuses %s with a 400', (_name, body) => {
    expect(refusal(() => parseStrictForm(body)).status).toBe(400);
  });
});
