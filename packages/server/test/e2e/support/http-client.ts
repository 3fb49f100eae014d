import { sessionCookieName } from '../../../src/security/session-cookie.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else undefined. Many shapes; the suites assert on them. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  setCookies: string[];
}

export interface RequestOptions {
  /** Session cookie value (the token), sent as `__Host-tessera_session`. */
  session?: string;
  csrf?: string;
  headers?: Record<string, string>;
  /** HTTP Basic client credentials (RFC 6749 §2.3.1: form-encoded id and secret). */
  basic?: { id: string; secret: string };
  /** `manual` to read a redirect's `Location` instead of following it (fetch follows by default). */
  redirect?: 'follow' | 'manual';
}

/** A thin fetch wrapper for the end-to-end suites: real HTTP, no cookie jar magic. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  get(path: string, options: RequestOptions = {}): Promise<HttpResult> {
    return this.send('GET', path, undefined, options);
  }

  /** A JSON request (body serialised unless it is already a string or bytes). */
  json(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResult> {
    const payload = body === undefined || typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    return this.send(method, path, payload, { ...options, headers: { 'content-type': 'application/json', ...options.headers } });
  }

  /** A form-encoded POST (the OAuth endpoints). */
  form(path: string, params: Record<string, string> | string, options: RequestOptions = {}): Promise<HttpResult> {
    const payload = typeof params === 'string' ? params : new URLSearchParams(params).toString();
    return this.send('POST', path, payload, { ...options, headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers } });
  }

  async send(method: string, path: string, body: string | Uint8Array | undefined, options: RequestOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.session !== undefined) headers.cookie = `${sessionCookieName}=${options.session}`;
    if (options.csrf !== undefined) headers['x-csrf-token'] = options.csrf;
    if (options.basic) {
      const encode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
      headers.authorization = `Basic ${Buffer.from(`${encode(options.basic.id)}:${encode(options.basic.secret)}`).toString('base64')}`;
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, redirect: options.redirect ?? 'follow', ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown;
    if (/json/.test(response.headers.get('content-type') ?? '') && text !== '') parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed, text, setCookies: response.headers.getSetCookie() };
  }
}

export interface ParsedCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

export function parseSetCookie(header: string): ParsedCookie {
  const [pair = '', ...rest] = header.split(';').map((part) => part.trim());
  const separator = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const index = attribute.indexOf('=');
    attributes.set((index === -1 ? attribute : attribute.slice(0, index)).toLowerCase(), index === -1 ? '' : attribute.slice(index + 1));
  }
  return { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes };
}

/** The session cookie a response set, if any. */
export function sessionCookieOf(result: HttpResult): ParsedCookie | undefined {
  return result.setCookies.map(parseSetCookie).find((cookie) => cookie.name === sessionCookieName);
}
