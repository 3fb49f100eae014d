import { describe, expect, it } from 'vitest';
import { parseClientOutput } from '../../src/modes/introspection-client.js';
import { bytesPerSessionFrom } from '../../src/modes/memory-mode.js';
import { sessionCookiePair } from '../../src/modes/service-modes.js';
import { cookieHeaderFrom } from '../../src/tessera-client.js';

describe('parseClientOutput (tessera clients add)', () => {
  it('reads the JSON the CLI prints', () => {
    const stdout = JSON.stringify({ client_id: 'svc-1', client_secret: 's3cret', type: 'confidential' }, null, 2);
    expect(parseClientOutput(stdout)).toEqual({ id: 'svc-1', secret: 's3cret' });
  });
  it('finds JSON after other lines', () => {
    expect(parseClientOutput('registered\n{"client_id":"a","client_secret":"b"}\n')).toEqual({ id: 'a', secret: 'b' });
  });
  it('reads key: value lines', () => {
    expect(parseClientOutput('client_id: abc\nclient_secret: xyz\n')).toEqual({ id: 'abc', secret: 'xyz' });
  });
  it('answers null for a public client (no secret)', () => {
    expect(parseClientOutput('{"client_id":"web"}')).toBeNull();
  });
});

describe('cookies', () => {
  it('joins the name=value pairs of Set-Cookie lines, dropping cleared cookies', () => {
    expect(cookieHeaderFrom(['__Host-tessera=abc.def; Path=/; HttpOnly; Secure', 'old=; Max-Age=0', 'theme=dark'])).toBe('__Host-tessera=abc.def; theme=dark');
  });
  it('picks the session cookie by name', () => {
    expect(sessionCookiePair('theme=dark; __Host-tessera_session=v.1')).toEqual({ name: '__Host-tessera_session', value: 'v.1' });
    expect(sessionCookiePair('sid=x')).toEqual({ name: 'sid', value: 'x' });
  });
});

describe('bytesPerSessionFrom', () => {
  it('uses the growth when it spans enough pages', () => {
    const result = bytesPerSessionFrom({ bytes: 1_000_000, rows: 10, how: 'x' }, { bytes: 1_400_000, rows: 1010, how: 'x' }, 1000);
    expect(result.bytesPerSession).toBe(400);
  });
  it('falls back to size ÷ rows when the growth is below page granularity', () => {
    const result = bytesPerSessionFrom({ bytes: 16_384, rows: 3, how: 'x' }, { bytes: 16_384, rows: 23, how: 'x' }, 20);
    expect(result.bytesPerSession).toBeCloseTo(16_384 / 23, 6);
    expect(result.how).toMatch(/below page granularity/);
  });
});
